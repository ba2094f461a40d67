namespace Reflow.Benchmarks.Peers.Common;

/// <summary>Where a host-thread producer (<see cref="HostProducer"/>) sends: the first stage of a peer's pipeline.</summary>
public interface IPipelineInlet
{
    /// <summary>
    /// Sends <paramref name="value"/> to every relay of the first stage; completes synchronously when no target was
    /// full, and otherwise when the last one has taken it (that wait is the producer's stall).
    /// </summary>
    ValueTask SendAsync(long value);

    /// <summary>No more values follow.</summary>
    void Complete();
}
