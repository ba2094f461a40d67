using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Peers.ReflowRuntime;

/// <summary>
/// B7 in Reflow: a network of <c>actors</c> unconnected nodes, each with an initial packet (its first message),
/// plus one node whose in-port is exported so the network keeps running until the teardown completes it. The
/// start-up time covers building the definition, creating the network and running until every node has handled
/// its packet; the retained bytes cover the running network, definition included.
/// </summary>
public static class ReflowIdleActors
{
    private static readonly ComponentDescription s_idle = new("bench/Idle", [new("in", PortType.Integer)]);

    /// <summary>Starts the network; returns its teardown.</summary>
    public static Task<Func<Task>> StartAsync(string[] ids, Countdown handled)
    {
        Component idle = Component.FromFactory(s_idle, () => new Idle(handled));
        var builder = new NetworkBuilder();
        foreach (string id in ids)
        {
            builder.AddNode(id, idle).AddInitial(id, "in", Message.Integer(1));
        }

        NetworkDefinition definition = builder
            .AddNode("hold", Component.FromFactory(s_idle, () => new Idle(null)))
            .ExportInPort("hold", "hold", "in")
            .Build(_ => null);
        Network network = Network.Create(definition, ReflowHost.Options);
        Task<NetworkRunResult> run = network.RunAsync();
        return Task.FromResult<Func<Task>>(async () =>
        {
            network.CompleteInput("hold");
            ReflowHost.Checked(await run.ConfigureAwait(false));
            await network.DisposeAsync().ConfigureAwait(false);
        });
    }

    private sealed class Idle(Countdown? handled) : Actor
    {
        public override void Receive(ActorContext context) => handled?.Signal();
    }
}
