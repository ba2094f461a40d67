namespace Reflow.Benchmarks.Remote;

/// <summary>
/// B13's Reflow rows: Reflow's remote edge (src/Reflow.Distributed/Transport: <c>RemoteEdgeSender</c> →
/// <c>RemoteEdgeReceiver</c>) between two NATS connections to a nats-server the benchmark starts on loopback
/// (<see cref="BenchNatsServer"/>), with JetStream for the at-least-once row. Without a nats-server on the machine
/// these rows are left out of the run (<see cref="Missing"/>) and the rest of the suite still runs.
/// </summary>
internal sealed partial class ReflowRemotePeer
{
    /// <summary>Messages per frame of the batched rows (the edge's default).</summary>
    public const int Batched = 1024;

    /// <summary>Messages per frame of the unbatched rows.</summary>
    public const int Unbatched = 1;

    /// <summary>Why the Reflow rows cannot run on this machine, or null when they can.</summary>
    public static string? Missing() => BenchNatsServer.FindExecutable() is null
        ? "// B13: no nats-server found (apt-get install nats-server), so the Reflow rows are skipped."
        : null;
}
