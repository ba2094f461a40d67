using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks.Updates;

/// <summary>
/// Nodes added to a running network start targets first: what an added node's OnStart emits reaches added targets whose
/// own OnStart has run (at a network's start every OnStart runs before any worker does; a live edit starts its nodes on
/// their running workers, so it orders them).
/// </summary>
public sealed class LiveStartOrderTests
{
    private const int Chain = 8;
    private static readonly NetworkOptions TwoWorkers = new() { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 };

    private long _clock;
    private readonly ConcurrentDictionary<string, long> _started = new();
    private readonly ConcurrentDictionary<string, long> _firstReceived = new();

    /// <summary>A node that greets its out-port from OnStart and records when it started and when it first received.</summary>
    private Component Greeter() => Component.FromFactory(
        new ComponentDescription("test/Greeter", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        () => new GreeterActor(this));

    private NetworkDefinition Graph(int greeters, bool cycle = false)
    {
        NetworkBuilder builder = new NetworkBuilder().AddNode("keep", Relay(_ => { })).ExportInPort("in", "keep", "in");
        Component greeter = Greeter();
        for (int i = 1; i <= greeters; i++)
        {
            builder.AddNode($"g{i}", greeter);
            if (i > 1)
            {
                builder.Connect($"g{i - 1}", "out", $"g{i}", "in");
            }
        }

        if (cycle)
        {
            builder.Connect($"g{greeters}", "out", "g1", "in");
        }

        return builder.Build(_ => null);
    }

    private async Task UntilGreeted(int nodes, int round)
    {
        DateTime limit = DateTime.UtcNow + HangLimit;
        while (_firstReceived.Count < nodes)
        {
            Assert.True(DateTime.UtcNow < limit, $"round {round}: {_firstReceived.Count} of {nodes} nodes were greeted");
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task An_added_node_whose_OnStart_emits_reaches_added_targets_only_after_their_OnStart()
    {
        for (int round = 0; round < 20; round++)
        {
            _clock = 0;
            _started.Clear();
            _firstReceived.Clear();
            await using Network network = Network.Create(Graph(0), TwoWorkers);
            await network.StartAsync();

            await network.UpdateAsync(Graph(Chain)).WaitAsync(HangLimit);

            await UntilGreeted(Chain - 1, round);

            for (int i = 2; i <= Chain; i++)
            {
                string node = $"g{i}";
                Assert.True(_started[node] < _firstReceived[node], $"round {round}: {node} received (at {_firstReceived[node]}) before its OnStart ran (at {_started[node]})");
            }

            await network.StopAsync().WaitAsync(HangLimit);
        }
    }

    [Fact]
    public async Task Added_nodes_on_a_cycle_start_together_and_what_their_OnStart_emits_is_delivered()
    {
        for (int round = 0; round < 20; round++)
        {
            _started.Clear();
            _firstReceived.Clear();
            await using Network network = Network.Create(Graph(0), TwoWorkers);
            await network.StartAsync();

            await network.UpdateAsync(Graph(3, cycle: true)).WaitAsync(HangLimit);

            await UntilGreeted(3, round); // before or after its own OnStart (not promised on a cycle), but never lost
            Assert.Equal(3, _started.Count);
            NetworkRunResult result = await network.StopAsync().WaitAsync(HangLimit);
            Assert.Equal(0, result.Errors);
        }
    }

    private sealed class GreeterActor(LiveStartOrderTests test) : Actor
    {
        public override void OnStart(ActorContext context)
        {
            test._started[context.NodeId] = Interlocked.Increment(ref test._clock);
            context.Emit("out", Message.Integer(1));
        }

        public override void Receive(ActorContext context) =>
            test._firstReceived.TryAdd(context.NodeId, Interlocked.Increment(ref test._clock));
    }
}
