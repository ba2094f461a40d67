namespace Reflow.Benchmarks.Peers.Common;

/// <summary>What a skynet actor is told when it is spawned: how many leaves are under it and the first leaf's number.</summary>
/// <param name="Leaves">Leaves under the actor (1: it is a leaf).</param>
/// <param name="First">The number of its first leaf.</param>
public sealed record SkynetStart(long Leaves, long First);
