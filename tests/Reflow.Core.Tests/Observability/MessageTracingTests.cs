using System.Collections.Concurrent;
using System.Diagnostics;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Observability;

/// <summary>With <see cref="NetworkOptions.TraceMessages"/>, a sampled message's hops form one trace; without it, no context travels.</summary>
[Collection("Telemetry")] // listeners are process-wide
public sealed class MessageTracingTests : IDisposable
{
    private static readonly ActivitySource s_host = new("Reflow.Tests.Host");
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public MessageTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is Network.ActivitySourceName or "Reflow.Tests.Host",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>The host's in-port "in" → a → b → c → the exported out-port "out"; edges of two credits, so messages wait in out-buffers too.</summary>
    private static NetworkDefinition Chain() => new NetworkBuilder(defaultEdgeCapacity: 2)
        .AddNode("a", Relay(_ => { }))
        .AddNode("b", Relay(_ => { }))
        .AddNode("c", Relay(_ => { }))
        .Connect("a", "out", "b", "in")
        .Connect("b", "out", "c", "in")
        .ExportInPort("in", "a", "in")
        .ExportOutPort("out", "c", "out")
        .Build(_ => null);

    private static NetworkOptions Options(string name, bool trace) =>
        new() { Name = name, TraceMessages = trace, HostEdgeCapacity = 2, WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 };

    private List<Activity> Receives(string network) =>
        [.. _stopped.Where(a => a.OperationName == "reflow.actor.receive" && (string?)a.GetTagItem("reflow.network") == network)];

    [Fact]
    public async Task A_sampled_message_from_the_host_makes_one_trace_across_three_nodes_with_each_span_parented_on_the_senders()
    {
        string name = $"trace-{Guid.NewGuid():N}";
        await using Network network = Network.Create(Chain(), Options(name, trace: true));
        Task<NetworkRunResult> run = network.RunAsync(); // runs until the inputs are completed and everything is handled

        // Odd values are sent under a host span (each its own trace), even ones under none; the reader keeps up
        // message by message, so the host edges' two credits recycle their slots many times over.
        var hostSpans = new Dictionary<long, ActivityContext>();
        var readContexts = new Dictionary<long, ActivityContext>();
        for (long value = 1; value <= 20; value++)
        {
            if (value % 2 == 1)
            {
                using Activity host = s_host.StartActivity("host.send")!;
                hostSpans[value] = host.Context;
                await network.SendAsync("in", Message.Integer(value)).AsTask().WaitAsync(HangLimit);
            }
            else
            {
                await network.SendAsync("in", Message.Integer(value)).AsTask().WaitAsync(HangLimit);
            }

            (long read, ActivityContext context) = await ReadOne(network).WaitAsync(HangLimit);
            readContexts[read] = context;
        }

        network.CompleteInputs();
        await run.WaitAsync(HangLimit);

        List<Activity> receives = Receives(name);
        Assert.Equal(30, receives.Count); // three hops for each of the ten traced messages; none for the others
        foreach ((long value, ActivityContext host) in hostSpans)
        {
            List<Activity> trace = [.. receives.Where(a => a.TraceId == host.TraceId)];
            Activity a = Assert.Single(trace, s => (string?)s.GetTagItem("reflow.node") == "a");
            Activity b = Assert.Single(trace, s => (string?)s.GetTagItem("reflow.node") == "b");
            Activity c = Assert.Single(trace, s => (string?)s.GetTagItem("reflow.node") == "c");
            Assert.Equal(3, trace.Count);
            Assert.Equal(host.SpanId, a.ParentSpanId);
            Assert.Equal(a.SpanId, b.ParentSpanId);
            Assert.Equal(b.SpanId, c.ParentSpanId);
            Assert.Equal(ActivityKind.Consumer, b.Kind);
            Assert.Equal("a.out -> b.in", b.GetTagItem("reflow.edge"));
            Assert.Equal("(host).in -> a.in", a.GetTagItem("reflow.edge"));
            Assert.Equal(c.SpanId, readContexts[value].SpanId); // the host reads the last hop's context with the message
            Assert.Equal(host.TraceId, readContexts[value].TraceId);
        }

        Assert.All(readContexts.Where(kv => kv.Key % 2 == 0), kv => Assert.Equal(default, kv.Value)); // untraced messages carry nothing
    }

    [Fact]
    public async Task Each_chunk_of_a_source_starts_a_trace_its_messages_follow_through_a_full_edge()
    {
        string name = $"trace-source-{Guid.NewGuid():N}";
        var sunk = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 1)
            .AddNode("numbers", Numbers(24))
            .AddNode("relay", Relay(_ => { }))
            .AddNode("sink", Collect(sunk))
            .Connect("numbers", "out", "relay", "in")
            .Connect("relay", "out", "sink", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, Options(name, trace: true));
        await network.RunAsync().WaitAsync(HangLimit);

        List<Activity> produces = [.. _stopped.Where(a => a.OperationName == "reflow.source.produce" && (string?)a.GetTagItem("reflow.network") == name)];
        Assert.Equal(3, produces.Count); // 24 in chunks of eight
        Assert.All(produces, p => Assert.Equal(default, p.ParentSpanId));
        List<Activity> receives = Receives(name);
        List<Activity> relays = [.. receives.Where(a => (string?)a.GetTagItem("reflow.node") == "relay")];
        List<Activity> sinks = [.. receives.Where(a => (string?)a.GetTagItem("reflow.node") == "sink")];
        Assert.Equal(24, relays.Count);
        Assert.Equal(24, sinks.Count);
        foreach (Activity produce in produces)
        {
            // Each chunk's eight messages: eight relay spans under its span, and under each of those one sink span.
            List<Activity> children = [.. relays.Where(r => r.ParentSpanId == produce.SpanId)];
            Assert.Equal(8, children.Count);
            Assert.All(children, r => Assert.Equal(produce.TraceId, r.TraceId));
            Assert.All(children, r => Assert.Single(sinks, s => s.ParentSpanId == r.SpanId && s.TraceId == produce.TraceId));
        }
    }

    [Fact]
    public async Task With_tracing_off_no_context_travels_and_no_message_spans_are_made()
    {
        string name = $"untraced-{Guid.NewGuid():N}";
        await using Network network = Network.Create(Chain(), Options(name, trace: false));
        Task<NetworkRunResult> run = network.RunAsync(); // runs until the inputs are completed and everything is handled
        using (s_host.StartActivity("host.send"))
        {
            await network.SendAsync("in", Message.Integer(1)).AsTask().WaitAsync(HangLimit);
        }

        network.CompleteInputs();
        List<Message> output = await ReadAll(network.Output("out")).WaitAsync(HangLimit);
        await run.WaitAsync(HangLimit);

        Assert.Single(output);
        Assert.Equal(default, network.LastReadTraceContext("out"));
        Assert.Empty(Receives(name));
        Assert.Single(_stopped, a => a.OperationName == "reflow.network.run" && (string?)a.GetTagItem("reflow.network") == name); // the listener did hear the network
    }

    /// <summary>Reads one message of the out-port, with the context <see cref="Network.LastReadTraceContext"/> gives for it.</summary>
    private static async Task<(long Value, ActivityContext Context)> ReadOne(Network network)
    {
        Message message = await network.Output("out").ReadAsync();
        return (message.AsInteger(), network.LastReadTraceContext("out"));
    }
}
