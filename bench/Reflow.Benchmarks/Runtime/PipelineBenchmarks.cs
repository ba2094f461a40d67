using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Reflow.Actors;
using Reflow.Benchmarks.Infrastructure;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Runtime;

/// <summary>
/// B3/B4-shaped pipelines of Integer messages, every edge bounded: a source, relays, a sink. Reflow (one network
/// per invocation, start-up included, 2 workers) against System.Threading.Channels with one task per stage and
/// bounded 1024 channels (the peer configuration of DESIGN.md §4). One operation is one message leaving the
/// last stage.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class PipelineBenchmarks
{
    public const int Messages = 1_000_000;

    [Params(2, 10)]
    public int Stages { get; set; }

    private sealed class Source : SourceActor
    {
        private long _next;
        private OutPort _out;

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < 256 && _next < Messages; i++)
            {
                context.Emit(_out, Message.Integer(_next++));
            }

            return _next < Messages ? SourceStatus.More : SourceStatus.Done;
        }
    }

    private sealed class Relay : Actor
    {
        private OutPort _out;

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override void Receive(ActorContext context) => context.Emit(_out, context.Message);
    }

    private sealed class Sink : Actor
    {
        public long Sum;

        public override void Receive(ActorContext context) => Sum += context.Message.AsInteger();
    }

    private static readonly Component s_source = Component.FromFactory(new ComponentDescription("bench/Source", outPorts: [new("out", PortType.Integer)]), () => new Source());
    private static readonly Component s_relay = Component.FromFactory(new ComponentDescription("bench/Relay", [new("in", PortType.Integer)], [new("out", PortType.Integer)]), () => new Relay());
    private static readonly Component s_sink = Component.FromFactory(new ComponentDescription("bench/Sink", [new("in", PortType.Integer)]), () => new Sink());

    private NetworkDefinition _definition = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new NetworkBuilder(defaultEdgeCapacity: 1024).AddNode("s0", s_source);
        for (int stage = 1; stage < Stages - 1; stage++)
        {
            builder.AddNode($"s{stage}", s_relay).Connect($"s{stage - 1}", "out", $"s{stage}", "in");
        }

        _definition = builder.AddNode($"s{Stages - 1}", s_sink).Connect($"s{Stages - 2}", "out", $"s{Stages - 1}", "in").Build(_ => null);
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> Reflow()
    {
        await using Network network = Network.Create(_definition, new NetworkOptions { WorkerCount = 2 });
        NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
        return result.Messages;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public async Task<long> Channels()
    {
        var options = new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true };
        var channels = new Channel<long>[Stages - 1];
        for (int i = 0; i < channels.Length; i++)
        {
            channels[i] = Channel.CreateBounded<long>(options);
        }

        var stages = new List<Task>();
        stages.Add(Task.Run(async () =>
        {
            ChannelWriter<long> writer = channels[0].Writer;
            for (long i = 0; i < Messages; i++)
            {
                if (!writer.TryWrite(i))
                {
                    await writer.WriteAsync(i).ConfigureAwait(false);
                }
            }

            writer.Complete();
        }));

        for (int i = 1; i < channels.Length; i++)
        {
            ChannelReader<long> reader = channels[i - 1].Reader;
            ChannelWriter<long> writer = channels[i].Writer;
            stages.Add(Task.Run(async () =>
            {
                while (await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (reader.TryRead(out long value))
                    {
                        if (!writer.TryWrite(value))
                        {
                            await writer.WriteAsync(value).ConfigureAwait(false);
                        }
                    }
                }

                writer.Complete();
            }));
        }

        long sum = 0;
        ChannelReader<long> last = channels[^1].Reader;
        while (await last.WaitToReadAsync().ConfigureAwait(false))
        {
            while (last.TryRead(out long value))
            {
                sum += value;
            }
        }

        await Task.WhenAll(stages).ConfigureAwait(false);
        return sum;
    }
}
