namespace Reflow.Tests.Networks;

/// <summary>
/// Tests that measure a worker thread's allocation over a million messages: with two workers the threads park and
/// wake under load, and on a 2-core machine shared with the other test classes that path allocated (seen on the base
/// commit too, with four busy loops beside it). The collection runs on its own, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation";
}
