using BenchmarkDotNet.Attributes;
using Reflow.Actors;
using Reflow.Benchmarks.Infrastructure;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Components;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Networks;

/// <summary>
/// Why <c>reflow bench examples/ten-stage/ten-stage.fbp</c> shows less than B4 (README, Performance): the same
/// <c>core/Repeat</c> relays driven from inside the graph and from the host. <c>SourceTo8ToSink</c> is B4's shape
/// (a source actor, 8 relays, a sink actor: ten actors on one worker); the others put ten relays between a host
/// writer (<c>Network.SendAsync</c> into an exported in-port) or a source actor, and a sink actor or a host reader of
/// an exported out-port; <c>HostTo10ToHost</c> is what <c>reflow bench</c> times (without its timestamps). One network
/// per invocation; <c>M msg/s</c> counts messages out of the last relay.
/// </summary>
[Config(typeof(PeerSuiteConfig))]
public class HostEdgeBenchmarks
{
    private static readonly ComponentDescription s_sink = new("bench/Sink", [new("in", PortType.Integer)]);

    private NetworkDefinition _definition = null!;
    private CaseMetrics? _metrics;
    private long _received;

    /// <summary>Where the messages come from and go to, and how many relays are between.</summary>
    [Params("SourceTo8ToSink", "HostTo10ToSink", "SourceTo10ToHost", "HostTo10ToHost")]
    public string Path { get; set; } = "SourceTo8ToSink";

    /// <summary>Messages per invocation.</summary>
    [ParamsSource(nameof(Sizes))]
    public long Messages { get; set; }

    public static IEnumerable<long> Sizes() => BenchScale.Pick<long[]>([1_000_000], [300_000], [10_000]);

    private bool HostIn => Path.StartsWith("Host", StringComparison.Ordinal);

    private bool HostOut => Path.EndsWith("Host", StringComparison.Ordinal);

    [GlobalSetup]
    public void Setup()
    {
        Component repeat = new ComponentRegistry().AddStandardComponents().FindComponent("core/Repeat")!;
        int relays = Path.Contains("To8To", StringComparison.Ordinal) ? 8 : 10;
        var builder = new NetworkBuilder(defaultEdgeCapacity: 1024);
        for (int i = 1; i <= relays; i++)
        {
            builder.AddNode($"r{i}", repeat);
            if (i > 1)
            {
                builder.Connect($"r{i - 1}", "out", $"r{i}", "in");
            }
        }

        if (HostIn)
        {
            builder.ExportInPort("in", "r1", "in");
        }
        else
        {
            builder.AddNode("source", CountingSource.Component(Messages)).Connect("source", "out", "r1", "in");
        }

        if (HostOut)
        {
            builder.ExportOutPort("out", $"r{relays}", "out");
        }
        else
        {
            builder.AddNode("sink", Component.FromFunc(s_sink, _ => _received++)).Connect($"r{relays}", "out", "sink", "in");
        }

        _definition = builder.Build(_ => null);
    }

    [Benchmark]
    public async Task Run()
    {
        (_metrics ??= CaseMetrics.For(this, nameof(Run))).BeginInvocation();
        _received = 0;
        await using Network network = Network.Create(_definition, ReflowHost.Options);
        Task<NetworkRunResult> run = network.RunAsync();
        Task<long> reader = HostOut ? Task.Run(() => ReadAll(network)) : Task.FromResult(0L);
        if (HostIn)
        {
            for (long i = 0; i < Messages; i++)
            {
                await network.SendAsync("in", Message.Integer(i)).ConfigureAwait(false);
            }

            network.CompleteInput("in");
        }

        ReflowHost.Checked(await run.ConfigureAwait(false));
        long arrived = HostOut ? await reader.ConfigureAwait(false) : _received;
        Expect.Equal(Messages, arrived, "messages out of the last relay");
        _metrics.AddMedian(CaseMetrics.Operations, Messages);
    }

    [GlobalCleanup]
    public void Cleanup() => _metrics?.Flush();

    private static async Task<long> ReadAll(Network network)
    {
        long count = 0;
        await foreach (Message _ in network.Output("out").ReadAllAsync().ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }
}
