using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Peers.ReflowRuntime;

/// <summary>
/// B8 in Reflow. Networks are static graphs (an actor cannot spawn nodes), so the whole tree is a network built
/// up front: node <c>k{i}</c> (numbered level by level) has its <c>down</c> out-port connected to the <c>go</c>
/// in-port of its ten children (fan-out) and each child's <c>up</c> to its <c>sum</c> in-port (fan-in), every
/// edge of capacity 1 (each carries one message). The root gets an initial packet on <c>go</c>; the wave goes
/// down, leaves answer their number, every node sends up the sum of its ten answers. The definition is built
/// once (<c>build ms</c>, not timed); an invocation creates the network (every actor) and runs it: the
/// counterpart of spawning and running the peers' tree.
/// </summary>
public sealed class ReflowSkynet
{
    private static readonly ComponentDescription s_node = new(
        "bench/Skynet", [new("go", PortType.Integer), new("sum", PortType.Integer)], [new("down", PortType.Integer), new("up", PortType.Integer)]);

    private readonly SkynetShape _shape;
    private readonly NetworkDefinition _definition;
    private long _answer;

    /// <summary>Builds the tree's definition.</summary>
    public ReflowSkynet(SkynetShape shape)
    {
        _shape = shape;
        string[] ids = [.. Enumerable.Range(0, checked((int)shape.Actors)).Select(i => $"k{i}")];
        Component node = Component.FromFactory(s_node, () => new Node(this));
        var builder = new NetworkBuilder(defaultEdgeCapacity: 1);
        foreach (string id in ids)
        {
            builder.AddNode(id, node);
        }

        for (long parent = 0; parent < shape.FirstLeaf; parent++)
        {
            for (long child = (10 * parent) + 1; child <= (10 * parent) + 10; child++)
            {
                builder.Connect(ids[parent], "down", ids[child], "go").Connect(ids[child], "up", ids[parent], "sum");
            }
        }

        _definition = builder.AddInitial(ids[0], "go", Message.Integer(0)).Build(_ => null);
    }

    /// <summary>Creates the network, runs it to the end and returns the root's answer.</summary>
    public async Task<long> RunAsync()
    {
        _answer = -1;
        await using Network network = Network.Create(_definition, ReflowHost.Options);
        NetworkRunResult result = ReflowHost.Checked(await network.RunAsync().ConfigureAwait(false));
        Expect.Equal(_shape.Actors, result.Nodes.Count, "skynet nodes");
        return _answer;
    }

    private sealed class Node(ReflowSkynet owner) : Actor
    {
        private long _index;
        private long _sum;
        private int _answers;
        private OutPort _down;
        private OutPort _up;

        public override void OnStart(ActorContext context)
        {
            _index = long.Parse(context.NodeId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            _down = context.OutPort("down");
            _up = context.OutPort("up");
        }

        public override void Receive(ActorContext context)
        {
            if (context.InPortIndex == 0)
            {
                if (_index >= owner._shape.FirstLeaf)
                {
                    context.Emit(_up, Message.Integer(_index - owner._shape.FirstLeaf));
                }
                else
                {
                    context.Emit(_down, context.Message);
                }

                return;
            }

            _sum += context.Message.AsInteger();
            if (++_answers < 10)
            {
                return;
            }

            if (_index == 0)
            {
                owner._answer = _sum;
            }
            else
            {
                context.Emit(_up, Message.Integer(_sum));
            }
        }
    }
}
