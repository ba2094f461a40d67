using Reflow.Actors;
using Reflow.Benchmarks.Infrastructure;
using Reflow.Benchmarks.Peers.ReflowRuntime;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// The two part networks of B13's Reflow throughput rows, as a distributed run splits a two-node graph: on the sending
/// side a source actor emitting 0…N−1 (256 per <c>Produce</c> call) into an exported out-port, which the remote edge
/// reads; on the receiving side the edge delivers into an exported in-port feeding a sink actor that adds what arrives
/// to the run's <see cref="ThroughputTally"/>. The peers do the same work actor to actor (a sender actor under the
/// credit window, a receiver actor adding up). Each network has one worker: each stands for one node of the cluster.
/// </summary>
internal static class ReflowRemoteNetworks
{
    /// <summary>The sending network's exported out-port.</summary>
    public const string Outlet = "out";

    /// <summary>The receiving network's exported in-port.</summary>
    public const string Inlet = "in";

    private static readonly ComponentDescription s_sink = new("bench/RemoteSink", [new("in", PortType.Integer)]);

    /// <summary>Each part network's options: one worker (one node each), everything else as every suite's.</summary>
    public static NetworkOptions Options { get; } = new() { WorkerCount = 1 };

    /// <summary>A network whose source emits 0…<paramref name="messages"/>−1 into <see cref="Outlet"/>.</summary>
    public static Network Sending(long messages) => Network.Create(
        new NetworkBuilder()
            .AddNode("source", CountingSource.Component(messages))
            .ExportOutPort(Outlet, "source", "out")
            .Build(_ => null),
        Options);

    /// <summary>A network whose sink adds what <see cref="Inlet"/> receives to <paramref name="tally"/>.</summary>
    public static Network Receiving(ThroughputTally tally) => Network.Create(
        new NetworkBuilder()
            .AddNode("sink", Component.FromFactory(s_sink, () => new Sink(tally)))
            .ExportInPort(Inlet, "sink", "in")
            .Build(_ => null),
        Options);

    /// <summary>Throws unless the run finished without an actor failing.</summary>
    public static void Check(NetworkRunResult result) => ReflowHost.Checked(result);

    private sealed class Sink(ThroughputTally tally) : Actor
    {
        public override void Receive(ActorContext context) => tally.Add(context.Message.AsInteger());
    }
}
