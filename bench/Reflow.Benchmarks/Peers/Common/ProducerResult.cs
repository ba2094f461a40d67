namespace Reflow.Benchmarks.Peers.Common;

/// <summary>What a producer sent and how long backpressure held it.</summary>
/// <param name="Sum">The sum of the values sent (wrapping), for the sink's check.</param>
/// <param name="StallTicks">Stopwatch ticks spent waiting for room.</param>
/// <param name="MaxLateTicks">Paced: how far behind its schedule the producer fell at worst, in Stopwatch ticks.</param>
/// <param name="Waits">How many sends found the first stage full and had to wait for room.</param>
public readonly record struct ProducerResult(long Sum, long StallTicks, long MaxLateTicks = 0, long Waits = 0);
