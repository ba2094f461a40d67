using Reflow.Components;
using Reflow.Networks;

namespace Reflow.Cli;

/// <summary>The components <c>reflow</c> offers graphs: the standard library (graph files name their subgraphs themselves).</summary>
internal static class CliComponents
{
    /// <summary>A registry of the standard components; <paramref name="output"/> is where <c>core/Output</c> writes.</summary>
    public static ComponentRegistry Create(TextWriter output) =>
        new ComponentRegistry().AddStandardComponents(new StandardComponentsOptions { Output = output });
}
