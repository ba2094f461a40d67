namespace Reflow.Hosting.Tests;

/// <summary>Tests that read or set <see cref="Environment.ExitCode"/>, a process-wide value: they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ExitCodeCollection
{
    public const string Name = "exit code";
}
