using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Peers.ReflowRuntime;

/// <summary>
/// B8 in Reflow the way the peers write it (docs/spawning.md): the network has one node, the root; each actor spawns
/// its ten children as it runs (<see cref="ActorContext.Spawn"/>, replies to its <c>sum</c> in-port, edges of capacity
/// 1), sends each its number and the size of its subtree, completes it, sums the ten replies and replies to its own
/// parent; a leaf answers its number. The root's answer leaves through an exported out-port. Every child is collected
/// once it has replied, so the tree never exists whole. An invocation creates the network and runs it.
/// </summary>
public sealed class ReflowSpawningSkynet
{
    private static readonly ComponentDescription s_node = new(
        "bench/SpawningSkynet", [new("go", PortType.Integer), new("sum", PortType.Integer)], [new("up", PortType.Integer)]);

    private static readonly SpawnOptions s_children = new() { ReplyTo = "sum", Capacity = 1 };

    private readonly SkynetShape _shape;
    private readonly NetworkDefinition _definition;
    private readonly Component _node;
    private long _created;

    /// <summary>Builds the one-node definition.</summary>
    public ReflowSpawningSkynet(SkynetShape shape)
    {
        _shape = shape;
        _node = Component.FromFactory(s_node, () =>
        {
            _created++; // the one worker makes every actor
            return new Node(_node!); // set before any actor is made
        });
        _definition = new NetworkBuilder()
            .AddNode("root", _node)
            .AddInitial("root", "go", Message.Integer(Pack(0, shape.Leaves)))
            .ExportOutPort("answer", "root", "up")
            .Build(_ => null);
    }

    /// <summary>Creates the network, runs it to the end and returns the root's answer.</summary>
    public async Task<long> RunAsync()
    {
        _created = 0;
        await using Network network = Network.Create(_definition, ReflowHost.Options);
        Task<long> answer = ReadAnswer(network);
        ReflowHost.Checked(await network.RunAsync().ConfigureAwait(false));
        long sum = await answer.ConfigureAwait(false);
        Expect.Equal(_shape.Actors, Volatile.Read(ref _created), "skynet actors spawned");
        return sum;
    }

    private static async Task<long> ReadAnswer(Network network)
    {
        long answer = -1;
        int answers = 0;
        await foreach (Message message in network.Output("answer").ReadAllAsync().ConfigureAwait(false))
        {
            answer = message.AsInteger();
            answers++;
        }

        Expect.Equal(1, answers, "skynet answers");
        return answer;
    }

    /// <summary>A subtree's first number and size in one integer: 32 bits each.</summary>
    private static long Pack(long number, long size) => (number << 32) | size;

    private sealed class Node(Component self) : Actor
    {
        private long _sum;
        private int _answers;
        private OutPort _up;

        public override void OnStart(ActorContext context) => _up = context.OutPort("up");

        public override void Receive(ActorContext context)
        {
            if (context.InPortIndex == 1)
            {
                _sum += context.Message.AsInteger();
                if (++_answers == 10)
                {
                    context.Emit(_up, Message.Integer(_sum));
                }

                return;
            }

            long packed = context.Message.AsInteger();
            long number = packed >> 32;
            long size = packed & uint.MaxValue;
            if (size == 1)
            {
                context.Emit(_up, Message.Integer(number));
                return;
            }

            long part = size / 10;
            for (long i = 0; i < 10; i++)
            {
                ChildActor child = context.Spawn(self, s_children);
                context.Send(child, Message.Integer(Pack(number + (i * part), part)));
                context.Complete(child);
            }
        }
    }
}
