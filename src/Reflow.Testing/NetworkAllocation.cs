using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>
/// Measures what a network allocates per message in steady state: a measuring source feeds the nodes under test,
/// a measuring sink takes what they emit, all on one worker, so the source and the sink read the allocation counter
/// of the very thread every component runs on. The difference between the end of the warm-up (at the source) and
/// the last message (at the sink) is all the runtime and the components allocated for the measured messages.
/// </summary>
public static class NetworkAllocation
{
    /// <summary>The measuring source's node id.</summary>
    public const string SourceNode = "allocation-source";

    /// <summary>The measuring sink's node id.</summary>
    public const string SinkNode = "allocation-sink";

    /// <summary>
    /// Builds source → the nodes <paramref name="addNodes"/> adds (entered at <paramref name="into"/>, left at
    /// <paramref name="outOf"/>) → sink, sends <paramref name="warmUp"/> + <paramref name="measured"/> messages
    /// (<paramref name="message"/> of 0, 1, 2...: Integers by default) in chunks of 64, and reports the bytes
    /// allocated from the end of the warm-up to the last message the sink received.
    /// </summary>
    /// <param name="addNodes">Adds the nodes under test (and their IIPs and edges between them) to the builder.</param>
    /// <param name="into">The node and in-port the source feeds.</param>
    /// <param name="outOf">The node and out-port the sink reads.</param>
    /// <param name="warmUp">Messages sent before the measurement starts (one-time growth is not steady state).</param>
    /// <param name="measured">Messages measured.</param>
    /// <param name="message">The message for each sequence number; Integers when null. Must not allocate itself.</param>
    /// <param name="edgeCapacity">Edge capacity: below the source's 64-message chunk by default, so holding back and resuming are measured too.</param>
    /// <param name="hangLimit">How long the run may take (60 s by default).</param>
    /// <exception cref="ReflowAssertionException">The run failed or hung, or the source and the sink ran on different threads.</exception>
    public static async Task<NetworkAllocationReport> MeasureAsync(
        Action<NetworkBuilder> addNodes,
        (string Node, string Port) into,
        (string Node, string Port) outOf,
        long warmUp = 50_000,
        long measured = 200_000,
        Func<long, Message>? message = null,
        int edgeCapacity = 16,
        TimeSpan? hangLimit = null)
    {
        ArgumentNullException.ThrowIfNull(addNodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(measured, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmUp);
        var source = new MeasuringSource(warmUp, measured, message ?? Message.Integer);
        var sink = new MeasuringSink();
        var builder = new NetworkBuilder(edgeCapacity)
            .AddNode(SourceNode, Component.FromFactory(new ComponentDescription("reflow-testing/MeasuringSource", outPorts: [new PortDefinition("out")]), () => source))
            .AddNode(SinkNode, Component.FromFactory(new ComponentDescription("reflow-testing/MeasuringSink", [new PortDefinition("in")]), () => sink));
        addNodes(builder);
        NetworkDefinition definition = builder
            .Connect(SourceNode, "out", into.Node, into.Port)
            .Connect(outOf.Node, outOf.Port, SinkNode, "in")
            .Build(_ => null);

        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        NetworkRunResult result = await Hang.Guard(network.RunAsync(), network, hangLimit ?? TimeSpan.FromSeconds(60), "the measured run to end").ConfigureAwait(false);
        if (result.Errors > 0 || result.FailureCount > 0)
        {
            throw new ReflowAssertionException(
                $"The measured run had {result.Errors} error(s): {string.Join("; ", result.Failures.Take(5).Select(f => $"{f.NodeId}: {f.Message}"))}");
        }

        if (source.Thread != sink.Thread)
        {
            throw new ReflowAssertionException(
                $"The source ran on thread {source.Thread} and the sink on thread {sink.Thread}: their allocation counters cannot be compared. " +
                "Measure nodes that run on the network's one worker (no blocking or async pool).");
        }

        return new NetworkAllocationReport(
            new AllocationReport($"The network from {into.Node}.{into.Port} to {outOf.Node}.{outOf.Port}", sink.LastBytes - source.StartBytes, measured),
            sink.Received,
            result);
    }

    private sealed class MeasuringSource(long warmUp, long measured, Func<long, Message> make) : SourceActor
    {
        private long _next;
        private OutPort _out;

        public long StartBytes { get; private set; }

        public int Thread { get; private set; }

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override SourceStatus Produce(ActorContext context)
        {
            Thread = Environment.CurrentManagedThreadId;
            for (int i = 0; i < 64 && _next < warmUp + measured; i++, _next++)
            {
                if (_next == warmUp)
                {
                    StartBytes = GC.GetAllocatedBytesForCurrentThread();
                }

                context.Emit(_out, make(_next));
            }

            return _next < warmUp + measured ? SourceStatus.More : SourceStatus.Done;
        }
    }

    private sealed class MeasuringSink : Actor
    {
        public long Received { get; private set; }

        public long LastBytes { get; private set; }

        public int Thread { get; private set; }

        public override void Receive(ActorContext context)
        {
            Received++;
            LastBytes = GC.GetAllocatedBytesForCurrentThread();
            Thread = Environment.CurrentManagedThreadId;
        }
    }
}
