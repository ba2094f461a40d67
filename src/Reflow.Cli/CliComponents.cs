using Reflow.Networks;

namespace Reflow.Cli;

/// <summary>The components <c>reflow</c> offers graphs.</summary>
internal static class CliComponents
{
    /// <summary>A registry of every component <c>reflow</c> knows; <paramref name="output"/> is where printing components write.</summary>
    public static ComponentRegistry Create(TextWriter output) => new();
}
