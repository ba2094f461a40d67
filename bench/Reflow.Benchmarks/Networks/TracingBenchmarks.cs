using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Networks;

/// <summary>
/// What message tracing (<see cref="NetworkOptions.TraceMessages"/>) costs: a source → three relays → a sink, run to
/// completion, with tracing off (the default: the baseline), on with no listener on the activity source (contexts
/// travel, empty: no span is made), and on with a listener sampling every trace (a span per chunk and per hop).
/// <c>Allocated</c> is per run: off must stay at the network's fixed cost, 0 B per message.
/// </summary>
[MemoryDiagnoser]
public class TracingBenchmarks
{
    private static readonly ComponentDescription s_source = new("bench/Source", outPorts: [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_relay = new("bench/Relay", [new("in", PortType.Integer)], [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_sink = new("bench/Sink", [new("in", PortType.Integer)]);

    private NetworkDefinition _definition = null!;
    private ActivityListener? _listener;
    private long _received;
    private long _spans;

    /// <summary>Tracing off, on without a listener, or on with every trace sampled.</summary>
    [Params("Off", "OnNoListener", "OnAllSampled")]
    public string Tracing { get; set; } = "Off";

    /// <summary>Messages the source sends.</summary>
    [ParamsSource(nameof(Sizes))]
    public long Messages { get; set; }

    public static IEnumerable<long> Sizes() => BenchScale.Pick<long[]>([300_000], [100_000], [5_000]);

    [GlobalSetup]
    public void Setup()
    {
        var builder = new NetworkBuilder()
            .AddNode("source", Component.FromFactory(s_source, () => new Source(Messages)))
            .AddNode("sink", Component.FromFunc(s_sink, _ => _received++));
        string previous = "source";
        for (int i = 0; i < 3; i++)
        {
            builder.AddNode($"relay{i}", Component.FromFunc(s_relay, static context => context.Emit(new OutPort(0), context.Message)))
                .Connect(previous, "out", $"relay{i}", "in");
            previous = $"relay{i}";
        }

        _definition = builder.Connect(previous, "out", "sink", "in").Build(_ => null);
        if (Tracing == "OnAllSampled")
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == Network.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _ => Interlocked.Increment(ref _spans),
            };
            ActivitySource.AddActivityListener(_listener);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _listener?.Dispose();

    [Benchmark]
    public async Task<long> Run()
    {
        _received = 0;
        long spansBefore = Interlocked.Read(ref _spans);
        await using Network network = Network.Create(_definition, new NetworkOptions { TraceMessages = Tracing != "Off" });
        NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
        long receiveSpans = Interlocked.Read(ref _spans) - spansBefore;
        // Sampled: four receive spans per message, one produce span per chunk of 64, one run span.
        long expectedSpans = Tracing == "OnAllSampled" ? (Messages * 4) + ((Messages + 63) / 64) + 1 : 0;
        if (_received != Messages || result.Errors != 0 || receiveSpans != expectedSpans)
        {
            throw new InvalidOperationException($"{Tracing}: {_received} of {Messages} messages arrived, {receiveSpans} spans (expected {expectedSpans}), {result.Errors} errors.");
        }

        return _received;
    }

    private sealed class Source(long count) : SourceActor
    {
        private long _next;

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < 64 && _next < count; i++)
            {
                context.Emit(new OutPort(0), Message.Integer(++_next));
            }

            return _next < count ? SourceStatus.More : SourceStatus.Done;
        }
    }
}
