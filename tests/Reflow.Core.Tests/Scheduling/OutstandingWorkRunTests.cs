using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Scheduling;

/// <summary>
/// One run through every path that changes the outstanding-work count: host sends and host waits, initial
/// packets, local and cross-worker posts, an out-buffer (held back), retries, an await-mode set, a timer and a
/// keep-alive with emissions from another thread. The test project builds Debug, where every change of the count
/// checks <c>OutstandingWork</c>'s invariants (and a finished run checks that every worker settled its share): a
/// miscount anywhere fails the run instead of letting it finish early or hang.
/// </summary>
public sealed class OutstandingWorkRunTests
{
    private const int Inputs = 50;

    /// <summary>Emits four values per input on "out" and the same four on "copy".</summary>
    private static Component Split() => Component.FromFunc(
        new ComponentDescription("test/Split4", [new("in", PortType.Integer)], [new("out", PortType.Integer), new("copy", PortType.Integer)]),
        context =>
        {
            long v = context.Message.AsInteger();
            for (int k = 0; k < 4; k++)
            {
                context.Emit("out", Message.Integer((v * 4) + k));
                context.Emit("copy", Message.Integer((v * 4) + k));
            }
        });

    /// <summary>Fires once both ports have a value; emits port a's.</summary>
    private static Component Join() => Component.FromFunc(
        new ComponentDescription("test/Join", [new("a", PortType.Integer), new("b", PortType.Integer)], [new("out", PortType.Integer)], inputMode: InputMode.AwaitAllInPorts),
        context =>
        {
            Assert.True(context.TryGetInput("a", out Message a));
            context.Emit("out", a);
        });

    /// <summary>Each input is emitted again from the thread pool, under a keep-alive.</summary>
    private sealed class Later : Actor
    {
        public override void Receive(ActorContext context)
        {
            IDisposable keepAlive = context.KeepAlive();
            Message value = context.Message;
            _ = Task.Run(() =>
            {
                context.Emit("out", value);
                keepAlive.Dispose();
            });
        }
    }

    /// <summary>Starts a one-shot timer in OnStart that emits "tick" once.</summary>
    private sealed class Ticker : Actor
    {
        public override void OnStart(ActorContext context) => context.ScheduleTimer(TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan, "tick");

        public override void Receive(ActorContext context)
        {
        }

        public override void OnTimer(ActorContext context, object? state) => context.Emit("out", Message.String((string)state!));
    }

    [Fact]
    public async Task A_run_through_every_path_that_changes_the_count_finishes_with_every_message_and_every_share_settled()
    {
        var failedOnce = new HashSet<long>(); // touched only on the flaky node's worker
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 2)
            .AddNode("split", Split())
            .AddNode("flaky", Relay(v =>
            {
                if (v % 7 == 0 && failedOnce.Add(v))
                {
                    throw new InvalidOperationException($"first try of {v}");
                }
            }))
            .AddNode("join", Join())
            .AddNode("later", Component.FromFactory(new ComponentDescription("test/Later", [new("in", PortType.Integer)], [new("out", PortType.Integer)]), () => new Later()))
            .AddNode("ticker", Component.FromFactory(new ComponentDescription("test/Ticker", [new("in")], [new("out", PortType.String)]), () => new Ticker()))
            .Supervise("flaky", new SupervisionPolicy { MaxRetries = 2, RetryBackoff = TimeSpan.FromMilliseconds(1) })
            .Connect("split", "out", "flaky", "in", capacity: 1) // four emissions into one slot: the out-buffer holds the rest
            .Connect("flaky", "out", "join", "a")
            .Connect("split", "copy", "join", "b")
            .Connect("join", "out", "later", "in", capacity: 1) // crosses to the second worker
            .AddInitial("split", "in", Message.Integer(0)) // an initial packet besides the host's input
            .ExportInPort("in", "split", "in")
            .ExportOutPort("result", "later", "out")
            .ExportOutPort("ticks", "ticker", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });

        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> results = ReadAll(network.Output("result"));
        Task<List<Message>> ticks = ReadAll(network.Output("ticks"));
        for (int i = 1; i <= Inputs; i++)
        {
            await network.SendAsync("in", Message.Integer(i)).AsTask().WaitAsync(HangLimit);
        }

        network.CompleteInput("in");
        NetworkRunResult result = await run.WaitAsync(HangLimit);

        long[] expected = [.. Enumerable.Range(0, (Inputs + 1) * 4).Select(v => (long)v)];
        Assert.True(result.Completed);
        Assert.Equal(expected, (await results.WaitAsync(HangLimit)).Select(m => m.AsInteger()).Order());
        Assert.Equal(["tick"], (await ticks.WaitAsync(HangLimit)).Select(m => m.AsString()));
        Assert.Equal(expected.Count(v => v % 7 == 0), result.Nodes.Single(n => n.Id == "flaky").Errors);
        Assert.Equal(0, result.DeadLetters);
        Assert.All(result.Nodes, node => Assert.Equal(0, node.Dropped)); // an emission behind the end marker would be dropped
    }
}
