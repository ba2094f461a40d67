using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Observability;

/// <summary>Every instrument docs/observability.md lists is emitted, with the run's own counts.</summary>
[Collection("Telemetry")] // listeners are process-wide
public sealed class InstrumentEmissionTests
{
    private const int HostCapacity = 4;

    /// <summary>
    /// numbers (1..100) → relay (throws on 7: resumed, uncaught) → gate (throws on 50: stopped, so 51..100 are dead
    /// letters) → the exported out-port "out", an edge of <see cref="HostCapacity"/> the test does not read until the
    /// gate has had to wait on it: a backpressure stall.
    /// </summary>
    private static NetworkDefinition Graph() => new NetworkBuilder()
        .AddNode("numbers", Numbers(100))
        .AddNode("relay", Relay(v => { if (v == 7) throw new InvalidOperationException("seven"); }))
        .AddNode("gate", Relay(v => { if (v == 50) throw new InvalidOperationException("fifty"); }))
        .Supervise("gate", new SupervisionPolicy { Action = FailureAction.Stop })
        .Connect("numbers", "out", "relay", "in")
        .Connect("relay", "out", "gate", "in")
        .ExportOutPort("out", "gate", "out")
        .Build(_ => null);

    [Fact]
    public async Task Each_documented_instrument_is_emitted_with_the_runs_counts()
    {
        string name = $"instruments-{Guid.NewGuid():N}";
        using var reading = new MeterReading(name);
        await using Network network = Network.Create(Graph(), new NetworkOptions { Name = name, HostEdgeCapacity = HostCapacity, WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        Task<NetworkRunResult> run = network.RunAsync(); // runs until the inputs are completed and everything is handled

        // The host reads nothing until the gate has waited for room on the full out-port edge (bounded: HangLimit).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Stalls(reading, "gate") == 0)
        {
            Assert.True(waited.Elapsed < HangLimit, "the gate never waited on the full out-port edge");
            await Task.Delay(10);
        }

        Assert.Equal(HostCapacity, reading.Value("reflow.edge.queue_depth", "gate.out"));
        List<Message> output = await ReadAll(network.Output("out")).WaitAsync(HangLimit);
        NetworkRunResult result = await run.WaitAsync(HangLimit);
        reading.Collect();

        Assert.Equal(Enumerable.Range(1, 49).Where(v => v != 7).Select(v => (long)v), output.Select(m => m.AsInteger()));
        Assert.Equal(100, reading.Value("reflow.edge.messages", "numbers.out -> relay.in"));
        Assert.Equal(99, reading.Value("reflow.edge.messages", "relay.out -> gate.in"));
        Assert.Equal(48, reading.Value("reflow.edge.messages", "gate.out"));
        Assert.All(reading.Values.Where(kv => kv.Key.StartsWith("reflow.edge.queue_depth ", StringComparison.Ordinal)), kv => Assert.Equal(0, kv.Value));
        Assert.True(reading.Value("reflow.edge.backpressure.stalls", "gate.out") >= 1);
        Assert.True(reading.Value("reflow.edge.backpressure.duration", "gate.out") > 0);
        Assert.Equal(result.Nodes.Single(n => n.Id == "numbers").Invocations, reading.Value("reflow.actor.invocations", "numbers"));
        Assert.Equal(13, reading.Value("reflow.actor.invocations", "numbers")); // 100 in chunks of eight
        Assert.Equal(99, reading.Value("reflow.actor.invocations", "relay"));
        Assert.Equal(48, reading.Value("reflow.actor.invocations", "gate"));
        Assert.Equal(1, reading.Value("reflow.actor.errors", "relay"));
        Assert.Equal(1, reading.Value("reflow.actor.errors", "gate"));
        Assert.Equal(1, reading.Value("reflow.actor.failures", "relay"));
        Assert.Equal(1, reading.Value("reflow.actor.uncaught_failures", "gate"));
        Assert.Equal(0, reading.Value("reflow.actor.failures", "numbers"));
        Assert.Equal(50, reading.Value("reflow.actor.dropped", "gate")); // its dead letters
        Assert.Equal(50, reading.Value("reflow.dead_letters", "actor_stopped"));
        Assert.Equal(result.DeadLetters, reading.Values.Where(kv => kv.Key.StartsWith("reflow.dead_letters ", StringComparison.Ordinal)).Sum(kv => kv.Value));
        Assert.Equal(100, reading.Recordings["reflow.actor.invocation.duration relay"]); // the failed call too
        Assert.Equal(49, reading.Recordings["reflow.actor.invocation.duration gate"]);
        Assert.InRange(reading.HistogramSums["reflow.actor.invocation.duration relay"], 0, HangLimit.TotalSeconds); // seconds, not milliseconds or ticks

        IEnumerable<string> documented = DocumentedInstrument.ReadAll().Select(i => i.Name);
        Assert.Empty(documented.Except(reading.Emitting.Keys)); // each documented instrument delivered measurements
    }

    [Fact]
    public async Task A_host_writer_waiting_on_a_full_in_port_is_counted_as_a_stall_of_its_edge()
    {
        // (host) → relay → (host), both host edges of two credits: while the test does not read, the relay is held
        // back, its in-port edge fills, and the writer of the eighth message must wait.
        string name = $"host-stall-{Guid.NewGuid():N}";
        using var reading = new MeterReading(name);
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 2)
            .AddNode("relay", Relay(_ => { }))
            .ExportInPort("in", "relay", "in")
            .ExportOutPort("out", "relay", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { Name = name, HostEdgeCapacity = 2 });
        Task<NetworkRunResult> run = network.RunAsync();
        Task writing = Task.Run(async () =>
        {
            for (long value = 1; value <= 8; value++)
            {
                await network.SendAsync("in", Message.Integer(value));
            }

            network.CompleteInputs();
        });

        var waited = System.Diagnostics.Stopwatch.StartNew();
        // Both waits before anything is read: the writer's on the full in-port edge, and the relay's on the unread
        // out-port (it comes once the relay has filled the out-port; a reader started before it could keep it from coming).
        while (Stalls(reading, "(host)") == 0 || Stalls(reading, "relay") == 0)
        {
            Assert.True(waited.Elapsed < HangLimit, "the host writer and the relay never both waited on their full edges");
            await Task.Delay(10);
        }

        Assert.False(writing.IsCompleted); // still waiting: nothing has been read
        List<Message> output = await ReadAll(network.Output("out")).WaitAsync(HangLimit);
        await writing.WaitAsync(HangLimit);
        await run.WaitAsync(HangLimit);
        reading.Collect();

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], output.Select(m => m.AsInteger()));
        Assert.True(reading.Value("reflow.edge.backpressure.stalls", "(host).in -> relay.in") >= 1);
        Assert.True(reading.Value("reflow.edge.backpressure.duration", "(host).in -> relay.in") > 0);
        Assert.True(reading.Value("reflow.edge.backpressure.stalls", "relay.out -> (host).out") >= 1); // the relay waited on the unread out-port
        Assert.Equal(8, reading.Value("reflow.edge.messages", "(host).in -> relay.in"));
    }

    private static double Stalls(MeterReading reading, string node)
    {
        reading.Collect();
        return reading.Values.Where(kv => kv.Key.StartsWith($"reflow.edge.backpressure.stalls {node}.", StringComparison.Ordinal)).Sum(kv => kv.Value);
    }
}
