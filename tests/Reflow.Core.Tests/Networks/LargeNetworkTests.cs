using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

public sealed class LargeNetworkTests
{
    private sealed class Burst(int count) : SourceActor
    {
        private int _sent;

        public override SourceStatus Produce(ActorContext context)
        {
            context.Emit("out", Message.Integer(_sent++));
            return _sent < count ? SourceStatus.More : SourceStatus.Done;
        }
    }

    [Fact]
    public async Task A_hundred_thousand_actors_in_a_random_graph_lose_no_message()
    {
        const int Nodes = 100_000;
        const int Sources = 100;
        const int PerSource = 10;
        var random = new Random(20261125);
        Component source = Component.FromFactory(new ComponentDescription("test/Burst", outPorts: [new("out")]), () => new Burst(PerSource));
        Component relay = Component.FromFunc(new ComponentDescription("test/Relay", [new("in")], [new("out")]), context => context.Emit("out", context.Message));

        // A random DAG: every relay reads from one random earlier node, one in ten also from a second one.
        var builder = new NetworkBuilder(defaultEdgeCapacity: 4);
        var parents = new List<int>[Nodes];
        for (int node = 0; node < Nodes; node++)
        {
            builder.AddNode($"n{node}", node < Sources ? source : relay);
            parents[node] = [];
            if (node < Sources)
            {
                continue;
            }

            parents[node].Add(random.Next(node));
            if (random.Next(10) == 0)
            {
                int second = random.Next(node);
                if (second != parents[node][0])
                {
                    parents[node].Add(second);
                }
            }

            foreach (int parent in parents[node])
            {
                builder.Connect($"n{parent}", "out", $"n{node}", "in");
            }
        }

        // Expected messages handled by each node, in topological (= index) order.
        var expected = new long[Nodes];
        for (int node = 0; node < Nodes; node++)
        {
            expected[node] = node < Sources ? PerSource : parents[node].Sum(p => expected[p]);
        }

        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        NetworkRunResult result = await network.RunAsync().WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(Nodes, result.Nodes.Count);
        Assert.Equal(0, result.Errors);
        for (int node = 0; node < Nodes; node++)
        {
            // A source's invocations are its Produce calls (one per message); a relay's, the messages it handled.
            if (result.Nodes[node].Invocations != expected[node])
            {
                Assert.Fail($"node n{node} handled {result.Nodes[node].Invocations} messages, expected {expected[node]}");
            }
        }

        Assert.Equal(expected.Skip(Sources).Sum(), result.Messages);
    }
}
