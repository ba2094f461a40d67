using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Peers.ReflowRuntime;

/// <summary>
/// A <see cref="PipelineShape"/> as a Reflow network of Integer messages: a source actor (256 messages per
/// <c>Produce</c> call; its out-port fans out to every relay of a wide stage), relay actors, a sink actor, every
/// edge bounded at the shape's capacity. Or, host-fed (the latency suites, whose producer must pace on a thread
/// of its own like the peers'), the calling thread sends into an exported in-port of the first stage with
/// <c>TrySend</c>, then <c>SendAsync</c> when the edge is full. The definition is built once; each run creates
/// a network from it.
/// </summary>
public sealed class ReflowPipeline
{
    private const int Chunk = 256;
    private const string Inlet = "in";

    private static readonly ComponentDescription s_source = new("bench/Source", outPorts: [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_relay = new("bench/Relay", [new("in", PortType.Integer)], [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_sink = new("bench/Sink", [new("in", PortType.Integer)]);

    private readonly PipelineShape _shape;
    private readonly bool _hostFed;
    private readonly NetworkDefinition _definition;
    private PipelineSink? _sink;
    private ProducerResult _produced;

    /// <summary>Builds the network definition of <paramref name="shape"/>, source-driven or <paramref name="hostFed"/>.</summary>
    public ReflowPipeline(PipelineShape shape, bool hostFed = false)
    {
        _shape = shape.Validate();
        _hostFed = hostFed;
        if (hostFed && shape.Width > 1)
        {
            throw new ArgumentException("The host-fed pipeline has one exported in-port: width 1 only.", nameof(hostFed));
        }

        Component relay = Component.FromFactory(s_relay, () => new Relay());
        var builder = new NetworkBuilder(defaultEdgeCapacity: shape.Capacity).AddNode("sink", Component.FromFactory(s_sink, () => new Sink(this)));
        string next = "sink";
        for (int stage = shape.Stages - 1; stage >= 3; stage--)
        {
            builder.AddNode($"relay{stage}", relay).Connect($"relay{stage}", "out", next, "in");
            next = $"relay{stage}";
        }

        string[] first = shape.Stages == 2 ? [next] : [.. Enumerable.Range(0, shape.Width).Select(i => $"relay2.{i}")];
        foreach (string node in shape.Stages == 2 ? [] : first)
        {
            builder.AddNode(node, relay).Connect(node, "out", next, "in");
        }

        if (hostFed)
        {
            builder.ExportInPort(Inlet, first[0], "in");
        }
        else
        {
            builder.AddNode("source", Component.FromFactory(s_source, () => new Source(this)));
            foreach (string node in first)
            {
                builder.Connect("source", "out", node, "in");
            }
        }

        _definition = builder.Build(_ => null);
    }

    /// <summary>Runs one pass; returns when the network has finished (every message handled).</summary>
    public async Task<ProducerResult> RunAsync(PipelineSink sink, double messagesPerSecond = 0)
    {
        _sink = sink;
        _produced = default;
        await using Network network = Network.Create(_definition, ReflowHost.Options);
        Task<NetworkRunResult> run = network.RunAsync();
        if (_hostFed)
        {
            _produced = await HostProducer.RunAsync(new HostInlet(network), _shape.Messages, messagesPerSecond).ConfigureAwait(false);
        }

        ReflowHost.Checked(await run.ConfigureAwait(false));
        return _produced;
    }

    private readonly struct HostInlet(Network network) : IPipelineInlet
    {
        public ValueTask SendAsync(long value) =>
            network.TrySend(Inlet, Message.Integer(value)) ? ValueTask.CompletedTask : network.SendAsync(Inlet, Message.Integer(value));

        public void Complete() => network.CompleteInput(Inlet);
    }

    /// <summary>Emits 0, 1, 2, … in chunks; the time between its calls is the time backpressure held it.</summary>
    private sealed class Source(ReflowPipeline owner) : SourceActor
    {
        private OutPort _out;
        private long _next;
        private long _sum;
        private long _stall;
        private long _lastReturn;

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override SourceStatus Produce(ActorContext context)
        {
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            _stall += _lastReturn == 0 ? 0 : now - _lastReturn;
            long end = Math.Min(owner._shape.Messages, _next + Chunk);
            for (; _next < end; _next++)
            {
                _sum += _next;
                context.Emit(_out, Message.Integer(_next));
            }

            if (_next < owner._shape.Messages)
            {
                _lastReturn = System.Diagnostics.Stopwatch.GetTimestamp();
                return SourceStatus.More;
            }

            owner._produced = new ProducerResult(_sum, _stall);
            return SourceStatus.Done;
        }
    }

    private sealed class Relay : Actor
    {
        private OutPort _out;

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override void Receive(ActorContext context) => context.Emit(_out, context.Message);
    }

    private sealed class Sink(ReflowPipeline owner) : Actor
    {
        private PipelineSink _sink = null!;

        public override void OnStart(ActorContext context) => _sink = owner._sink!;

        public override void Receive(ActorContext context) => _sink.Accept(context.Message.AsInteger());
    }
}
