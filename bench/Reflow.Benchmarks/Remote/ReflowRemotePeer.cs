namespace Reflow.Benchmarks.Remote;

/// <summary>
/// B13's Reflow rows: Reflow's remote edge (src/Reflow.Distributed/Transport: <c>RemoteEdgeSender</c> →
/// <c>RemoteEdgeReceiver</c>) between two NATS connections to a nats-server the benchmark starts on loopback
/// (<see cref="BenchNatsServer"/>). The project defines <c>REFLOW_REMOTE_EDGE</c> when the transport is in the tree;
/// without it, or without a nats-server, these rows are left out of the run (<see cref="Missing"/>) and the rest of
/// the suite still builds and runs.
/// </summary>
internal sealed partial class ReflowRemotePeer
{
    /// <summary>Messages per frame of the batched rows (the edge's default).</summary>
    public const int Batched = 1024;

    /// <summary>Messages per frame of the unbatched rows.</summary>
    public const int Unbatched = 1;

    /// <summary>Why the Reflow rows cannot run in this build or on this machine, or null when they can.</summary>
    public static string? Missing()
    {
#if REFLOW_REMOTE_EDGE
        return BenchNatsServer.FindExecutable() is null
            ? "// B13: no nats-server found (apt-get install nats-server), so the Reflow rows are skipped."
            : null;
#else
        return "// B13: this build has no remote-edge transport (src/Reflow.Distributed/Transport/RemoteEdgeSender.cs), so the Reflow rows are skipped.";
#endif
    }
#if !REFLOW_REMOTE_EDGE

    /// <summary>Always fails: this build has no remote-edge transport (<see cref="Missing"/>).</summary>
    public static Task<IRemotePeer> StartAsync(int maxBatch) =>
        throw new InvalidOperationException(Missing() + $" (MaxBatch {maxBatch})");
#endif
}
