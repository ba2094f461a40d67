using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>
/// A stop without draining accounts for what waits in an actor's out-buffer (emitted past a full edge): found by the
/// soak (tests/Reflow.Soak), where a cancelled run lost the tail of a source's chunk without a dead letter or a count.
/// </summary>
public sealed class StopOutBufferTests
{
    private const int Burst = 40;
    private const int Capacity = 4;

    [Fact]
    public async Task Messages_held_for_a_full_edge_go_to_the_dead_letters_at_a_stop_without_drain()
    {
        using var gate = new ManualResetEventSlim();
        using var entered = new SemaphoreSlim(0);
        var received = new List<long>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: Capacity)
            .AddNode("burst", BurstSource())
            .AddNode("gate", Component.FromFactory(new ComponentDescription("test/Gate", [new("in", PortType.Integer)], []), () => new GateSink(gate, entered, received)))
            .Connect("burst", "out", "gate", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        Task<List<DeadLetter>> deadLetters = ReadAll(network.DeadLetters);
        await network.StartAsync();

        Assert.True(await entered.WaitAsync(HangLimit)); // the gate holds message 0; the edge is full, the rest is held
        Assert.True(SpinWait.SpinUntil(() => network.GetActorState("burst") != ActorState.Processing, HangLimit));
        Task<NetworkRunResult> stopping = network.StopAsync(drain: false);
        gate.Set();
        NetworkRunResult result = await stopping.WaitAsync(HangLimit);

        List<DeadLetter> letters = await deadLetters;
        Assert.Equal([0L], received);
        Assert.Equal(Enumerable.Range(1, Burst - 1).Select(i => (long)i), letters.Select(d => d.Message.AsInteger()).Order());
        Assert.All(letters, d => Assert.Equal(("gate", "in", DeadLetterReason.NetworkStopped), (d.NodeId, d.InPort, d.Reason)));
        Assert.Equal(Burst - 1, result.DeadLetters);
    }

    [Fact]
    public async Task Messages_held_for_a_full_exported_out_port_can_still_be_read_after_a_stop_without_drain()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("burst", BurstSource())
            .ExportOutPort("out", "burst", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, HostEdgeCapacity = Capacity });
        await network.StartAsync();

        Assert.True(SpinWait.SpinUntil(() => network.Output("out").Count == Capacity && network.GetActorState("burst") != ActorState.Processing, HangLimit));
        NetworkRunResult result = await network.StopAsync(drain: false).WaitAsync(HangLimit);

        List<Message> read = await ReadAll(network.Output("out")).WaitAsync(HangLimit);
        Assert.Equal(Enumerable.Range(0, Burst).Select(i => (long)i), read.Select(m => m.AsInteger()));
        Assert.Equal(0, result.DeadLetters);
    }

    /// <summary>A source that emits 0 .. Burst-1 in one Produce call: past a small edge's room, into its out-buffer.</summary>
    private static Component BurstSource() => Component.FromFactory(
        new ComponentDescription("test/Burst", outPorts: [new("out", PortType.Integer)]), () => new BurstActor());

    private sealed class BurstActor : SourceActor
    {
        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < Burst; i++)
            {
                context.Emit("out", Message.Integer(i));
            }

            return SourceStatus.Done;
        }
    }

    private sealed class GateSink(ManualResetEventSlim gate, SemaphoreSlim entered, List<long> received) : Actor
    {
        public override void Receive(ActorContext context)
        {
            received.Add(context.Message.AsInteger());
            entered.Release();
            gate.Wait();
        }
    }
}
