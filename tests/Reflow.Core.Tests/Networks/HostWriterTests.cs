using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

/// <summary>The host's writer into an exported in-port (<see cref="Network.Input"/>), and a pump between two networks.</summary>
public sealed class HostWriterTests
{
    private static readonly TimeSpan s_hangLimit = TestComponents.HangLimit;

    private static readonly Component s_increment = Component.FromFunc(
        new ComponentDescription("test/Increment", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        context => context.Emit("out", Message.Integer(context.Message.AsInteger() + 1)));

    /// <summary>An await-all join whose in-ports "a" and "b" are both fed by the host, so "a" fills up until "b" pairs it.</summary>
    private static NetworkDefinition JoinOfTwoHostInputs() => new NetworkBuilder()
        .AddNode("join", Component.FromFunc(new ComponentDescription("test/Join", [new("a"), new("b")], inputMode: InputMode.AwaitAllInPorts), _ => { }))
        .ExportInPort("a", "join", "a")
        .ExportInPort("b", "join", "b")
        .Build(_ => null);

    private static NetworkDefinition Incrementer() => new NetworkBuilder(defaultEdgeCapacity: 2)
        .AddNode("inc", s_increment)
        .ExportInPort("in", "inc", "in")
        .ExportOutPort("out", "inc", "out")
        .Build(_ => null);

    [Fact]
    public async Task TryWrite_reports_a_full_edge_and_WriteAsync_completes_when_there_is_room()
    {
        await using Network network = Network.Create(JoinOfTwoHostInputs(), new NetworkOptions { WorkerCount = 1, HostEdgeCapacity = 2 });
        Task<NetworkRunResult> run = network.RunAsync();
        ChannelWriter<Message> a = network.Input("a");

        Assert.True(a.TryWrite(Message.Integer(1)));
        Assert.True(a.TryWrite(Message.Integer(2)));
        Assert.False(a.TryWrite(Message.Integer(3))); // full: refused, not dropped
        ValueTask<bool> room = a.WaitToWriteAsync();
        ValueTask writing = a.WriteAsync(Message.Integer(3));
        Assert.False(writing.IsCompleted);

        await network.Input("b").WriteAsync(Message.Integer(10)); // one set fires: a credit of "a" comes back
        await writing.AsTask().WaitAsync(s_hangLimit);
        Assert.True(await room.AsTask().WaitAsync(s_hangLimit));

        Assert.True(network.Input("a").TryComplete());
        Assert.False(network.Input("a").TryComplete()); // once
        network.Input("b").Complete();
        Assert.False(a.TryWrite(Message.Integer(4)));
        Assert.False(await a.WaitToWriteAsync());
        await Assert.ThrowsAsync<ChannelClosedException>(() => a.WriteAsync(Message.Integer(4)).AsTask());

        NetworkRunResult result = await run.WaitAsync(s_hangLimit); // completion propagates: the run finishes
        Assert.Equal(1, result.Nodes[0].Invocations);
        Assert.Equal(2, result.Nodes[0].Dropped); // 2 and 3 never found a partner: kept, then dead-lettered at the end
    }

    [Fact]
    public async Task A_writer_into_a_slow_network_loses_nothing_and_keeps_the_order()
    {
        const int Count = 20_000;
        await using Network network = Network.Create(Incrementer(), new NetworkOptions { WorkerCount = 2, HostEdgeCapacity = 4 });
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> reading = TestComponents.ReadAll(network.Output("out"));

        ChannelWriter<Message> writer = network.Input("in");
        for (int i = 0; i < Count; i++)
        {
            if (!writer.TryWrite(Message.Integer(i)))
            {
                // Full (how often depends on the machine): wait for room, then write the same message.
                await writer.WriteAsync(Message.Integer(i)).AsTask().WaitAsync(s_hangLimit);
            }
        }

        writer.Complete();
        NetworkRunResult result = await run.WaitAsync(s_hangLimit);
        List<Message> output = await reading.WaitAsync(s_hangLimit);

        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), output.Select(m => m.AsInteger()));
        Assert.True(result.Completed);
        Assert.Equal(Count, result.Edges[0].Messages);
    }

    [Fact]
    public async Task Writing_before_the_start_is_a_clear_error_and_a_waiting_writer_hears_that_the_run_is_over()
    {
        await using Network network = Network.Create(JoinOfTwoHostInputs(), new NetworkOptions { WorkerCount = 1, HostEdgeCapacity = 1 });
        var early = Assert.Throws<InvalidOperationException>(() => network.Input("a").TryWrite(Message.Integer(1)));
        Assert.Contains("has not started", early.Message);
        Assert.Contains("it has: a, b", Assert.Throws<ArgumentException>(() => network.Input("c")).Message);

        await network.StartAsync();
        ChannelWriter<Message> a = network.Input("a");
        Assert.True(a.TryWrite(Message.Integer(1)));
        ValueTask<bool> waiting = a.WaitToWriteAsync(); // "b" never comes: the edge stays full
        Assert.False(waiting.IsCompleted);

        await network.StopAsync(drain: false).WaitAsync(s_hangLimit);
        Assert.False(await waiting.AsTask().WaitAsync(s_hangLimit));
        await Assert.ThrowsAsync<ChannelClosedException>(() => a.WriteAsync(Message.Integer(2)).AsTask());
    }

    [Fact]
    public async Task A_pump_between_two_networks_keeps_everything_in_order_with_small_capacities()
    {
        const int Count = 10_000;
        NetworkDefinition first = new NetworkBuilder(defaultEdgeCapacity: 2)
            .AddNode("numbers", TestComponents.Numbers(Count))
            .AddNode("inc", s_increment)
            .Connect("numbers", "out", "inc", "in")
            .ExportOutPort("x", "inc", "out")
            .Build(_ => null);
        var options = new NetworkOptions { WorkerCount = 2, HostEdgeCapacity = 2 };
        await using Network a = Network.Create(first, options);
        await using Network b = Network.Create(Incrementer(), options);
        Task<NetworkRunResult> runB = b.RunAsync();
        Task<List<Message>> reading = TestComponents.ReadAll(b.Output("out"));
        Task<NetworkRunResult> runA = a.RunAsync();

        Task pump = Task.Run(async () =>
        {
            ChannelWriter<Message> into = b.Input("in");
            await foreach (Message m in a.Output("x").ReadAllAsync())
            {
                await into.WriteAsync(m);
            }

            into.Complete(); // a finished: so does b's input, and then b's run
        });

        await pump.WaitAsync(s_hangLimit);
        NetworkRunResult resultA = await runA.WaitAsync(s_hangLimit);
        NetworkRunResult resultB = await runB.WaitAsync(s_hangLimit);
        List<Message> output = await reading.WaitAsync(s_hangLimit);

        Assert.Equal(Enumerable.Range(1, Count).Select(i => i + 2L), output.Select(m => m.AsInteger()));
        Assert.True(resultA.Completed && resultB.Completed);
        Assert.Equal(0, resultA.DeadLetters + resultB.DeadLetters);
    }
}
