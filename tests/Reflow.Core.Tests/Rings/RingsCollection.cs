namespace Reflow.Tests.Rings;

/// <summary>
/// Ring tests run threads that spin; on a 2-core machine they must not share the cores with other test classes,
/// so the whole collection runs on its own, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RingsCollection
{
    public const string Name = "Rings";
}
