using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Spawning;

/// <summary>
/// Skynet (B8's shape) built the way actor-system users build it: one node in the graph, and each actor spawns ten
/// children, sends each its number, sums their ten replies and replies to its parent. The leaves answer their number,
/// so the root's answer is the sum 0..leaves-1.
/// </summary>
public sealed class SkynetSpawnTests
{
    private static readonly ComponentDescription s_ports = new(
        "test/Skynet", [new("go", PortType.Integer), new("sum", PortType.Integer)], [new("up", PortType.Integer)]);

    private sealed class Skynet(Component self, Action created, Action? stopped = null) : Actor
    {
        private long _sum;
        private int _answers;

        public override void OnStart(ActorContext context) => created();

        public override void OnStop(ActorContext context) => stopped?.Invoke();

        public override void Receive(ActorContext context)
        {
            if (context.InPortIndex == 1)
            {
                _sum += context.Message.AsInteger();
                if (++_answers == 10)
                {
                    context.Emit("up", Message.Integer(_sum));
                }

                return;
            }

            long packed = context.Message.AsInteger();
            long number = packed >> 32;
            long size = packed & uint.MaxValue;
            if (size == 1)
            {
                context.Emit("up", Message.Integer(number));
                return;
            }

            long part = size / 10;
            for (long i = 0; i < 10; i++)
            {
                ChildActor child = context.Spawn(self, new SpawnOptions { ReplyTo = "sum", Capacity = 1 });
                context.Send(child, Message.Integer(((number + (i * part)) << 32) | part));
                context.Complete(child);
            }
        }
    }

    [Theory]
    [InlineData(1_000, 1_111)] // depth 4
    [InlineData(10_000, 11_111)] // depth 5
    [InlineData(100_000, 111_111)] // depth 6
    public async Task A_spawning_skynet_answers_the_sum_of_its_leaves_and_the_run_ends(long leaves, long actors)
    {
        long created = 0;

        (NetworkRunResult result, long liveChildren) = await RunTree(leaves, self => new Skynet(self, () => Interlocked.Increment(ref created)));

        Assert.Equal(actors, Interlocked.Read(ref created));
        Assert.Equal(0, liveChildren);
        Assert.Equal(0, result.DeadLetters);
    }

    [Theory]
    [InlineData(10_000, 4)]
    [InlineData(100_000, 5)]
    public async Task A_spawning_skynet_is_walked_depth_first_so_only_a_path_of_it_is_alive_at_once(long leaves, int levelsBelowTheRoot)
    {
        // A child starts when its worker's local queue is empty, the newest first, so the replies and end markers of a
        // finished child are handled (and the child collected) before its next sibling starts: alive at once are the
        // root and, on each level of the path being walked, the ten children of one parent. Run inline inside their
        // parents' calls, every actor of the tree was alive at once (no reply could reach a parent on the stack).
        long alive = 0;
        long mostAlive = 0;

        await RunTree(leaves, self => new Skynet(
            self,
            () => mostAlive = Math.Max(mostAlive, ++alive), // one worker: every actor starts and stops on its thread
            () => alive--));

        Assert.InRange(mostAlive, levelsBelowTheRoot, 1 + (10 * levelsBelowTheRoot));
        Assert.Equal(0, alive);
    }

    /// <summary>Runs a tree of <paramref name="leaves"/> leaves on one worker and checks the run ended with the root's right answer.</summary>
    private static async Task<(NetworkRunResult Result, long LiveChildren)> RunTree(long leaves, Func<Component, Skynet> actor)
    {
        Component skynet = null!;
        skynet = Component.FromFactory(s_ports, () => actor(skynet));
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("root", skynet)
            .AddInitial("root", "go", Message.Integer(leaves)) // number 0, size: every leaf
            .ExportOutPort("answer", "root", "up")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        Task<List<Message>> answer = ReadAll(network.Output("answer"));
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.True(result.Completed);
        Assert.Equal([leaves * (leaves - 1) / 2], (await answer.WaitAsync(HangLimit)).Select(m => m.AsInteger()));
        return (result, network.LiveChildren);
    }
}
