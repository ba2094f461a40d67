using BenchmarkDotNet.Attributes;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Networks;

/// <summary>
/// What observing a run costs: a source → three relays → a sink, run to completion, with nobody observing (the
/// baseline: message events off, as before sampled data events existed), with a lifecycle subscriber (data events
/// still off), with data events sampled 1 in 1000 per edge, and with a snapshot polled ten times a second from
/// another thread. <c>Allocated</c> is per run; the off cases must match the baseline.
/// </summary>
[MemoryDiagnoser]
public class ObservationBenchmarks
{
    private static readonly ComponentDescription s_source = new("bench/Source", outPorts: [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_relay = new("bench/Relay", [new("in", PortType.Integer)], [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_sink = new("bench/Sink", [new("in", PortType.Integer)]);

    private NetworkDefinition _definition = null!;
    private long _received;

    /// <summary>How the run is observed.</summary>
    [Params("Off", "LifecycleSubscriber", "Sampled1in1000", "Snapshots10Hz")]
    public string Observer { get; set; } = "Off";

    /// <summary>Messages the source sends.</summary>
    [ParamsSource(nameof(Sizes))]
    public long Messages { get; set; }

    public static IEnumerable<long> Sizes() => BenchScale.Pick<long[]>([1_000_000], [300_000], [10_000]);

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
    }

    [Benchmark]
    public async Task<long> Run()
    {
        _received = 0;
        await using Network network = Network.Create(_definition);
        System.Threading.Channels.ChannelReader<NetworkEvent>? events = Observer switch
        {
            "LifecycleSubscriber" => network.SubscribeEvents(),
            "Sampled1in1000" => network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, MessageSampling = 1_000 }),
            _ => null,
        };
        using var polling = new CancellationTokenSource();
        Task poller = Observer == "Snapshots10Hz" ? Poll(network, polling.Token) : Task.CompletedTask;
        NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
        await polling.CancelAsync().ConfigureAwait(false);
        await poller.ConfigureAwait(false);
        long sampled = 0;
        while (events is not null && events.TryRead(out NetworkEvent? e))
        {
            sampled += e.Kind == NetworkEventKind.MessageSent ? 1 : 0;
        }

        if (_received != Messages || result.Errors != 0 || (Observer == "Sampled1in1000" && sampled != Messages / 1_000 * 4))
        {
            throw new InvalidOperationException($"{Observer}: {_received} of {Messages} messages arrived, {sampled} sampled, {result.Errors} errors.");
        }

        return _received;
    }

    private static async Task Poll(Network network, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                GC.KeepAlive(network.GetSnapshot());
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
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
