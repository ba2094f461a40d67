namespace Reflow.Benchmarks.Remote;

/// <summary>
/// One system of B13 set up as two endpoints in this process talking over TCP on 127.0.0.1 (each library's own
/// transport and serializer; Reflow's through a nats-server): the receiver on one, the sender on the other. Created
/// once per benchmark case (not timed), one run per invocation.
/// </summary>
internal interface IRemotePeer : IAsyncDisposable
{
    /// <summary>
    /// Sends 0…<see cref="ThroughputTally.Expected"/>−1 from the sender to a receiver that adds them to
    /// <paramref name="tally"/>, under the credit window of <see cref="RemoteWorkload"/>; returns when all arrived.
    /// </summary>
    Task ThroughputAsync(ThroughputTally tally, CancellationToken cancellationToken);

    /// <summary>Sets up a receiver reporting to <paramref name="probe"/> and returns the sending side.</summary>
    Task<IRemoteLatencyLink> OpenLatencyAsync(LatencyProbe probe, CancellationToken cancellationToken);
}
