using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Peers.ReflowRuntime;

/// <summary>
/// A <see cref="PipelineShape"/> as a Reflow network of Integer messages: a source actor (256 messages per
/// <c>Produce</c> call; its out-port fans out to every relay of a wide stage), relay actors, a sink actor, every
/// edge bounded at the shape's capacity. Or, host-fed (the latency suites, whose producer must pace on a thread
/// of its own like the peers'), the calling thread sends into an exported in-port per relay of the first stage
/// (<c>in0</c>, <c>in1</c>, …) with <c>TrySend</c>, then <c>SendAsync</c> when the edge is full — the peers'
/// <see cref="BroadcastInlet{TTargets}"/>. The definition is built once; each run creates a network from it.
/// </summary>
public sealed class ReflowPipeline
{
    private const int Chunk = 256;

    private static readonly ComponentDescription s_source = new("bench/Source", outPorts: [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_relay = new("bench/Relay", [new("in", PortType.Integer)], [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_sink = new("bench/Sink", [new("in", PortType.Integer)]);

    private readonly PipelineShape _shape;
    private readonly bool _hostFed;
    private readonly NetworkOptions _options;
    private readonly NetworkDefinition _definition;
    private readonly string[] _inlets = [];
    private PipelineSink? _sink;
    private ProducerResult _produced;

    /// <summary>
    /// Builds the network definition of <paramref name="shape"/>, source-driven or <paramref name="hostFed"/>, run with
    /// <paramref name="options"/> (default <see cref="ReflowHost.Options"/>).
    /// </summary>
    public ReflowPipeline(PipelineShape shape, bool hostFed = false, NetworkOptions? options = null)
    {
        _shape = shape.Validate();
        _hostFed = hostFed;
        _options = options ?? ReflowHost.Options;
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
            _inlets = [.. first.Select((_, i) => $"in{i}")];
            for (int i = 0; i < first.Length; i++)
            {
                builder.ExportInPort(_inlets[i], first[i], "in");
            }
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
        await using Network network = Network.Create(_definition, _options);
        Task<NetworkRunResult> run = network.RunAsync();
        if (_hostFed)
        {
            var inlet = new BroadcastInlet<HostInlets>(new HostInlets(network, _inlets));
            _produced = await HostProducer.RunAsync(inlet, _shape.Messages, messagesPerSecond).ConfigureAwait(false);
        }

        ReflowHost.Checked(await run.ConfigureAwait(false));
        return _produced;
    }

    /// <summary>
    /// The exported in-ports of the first stage, one per relay, each held as its writer (<see cref="Network.Input"/>) as a
    /// latency-sensitive host holds it and as the peers' producers hold their channel or actor reference: sending by
    /// name (<see cref="Network.TrySend"/>) looks the port up in a dictionary per message, ~1 % of a host-fed profile.
    /// </summary>
    private readonly struct HostInlets(Network network, string[] names) : IBroadcastTargets
    {
        private readonly ChannelWriter<Message>[] _writers = [.. names.Select(network.Input)];

        public int Count => names.Length;

        public bool TryPost(int index, long value) => _writers[index].TryWrite(Message.Integer(value));

        public ValueTask PostAsync(int index, long value) => _writers[index].WriteAsync(Message.Integer(value));

        public void Complete()
        {
            foreach (string name in names)
            {
                network.CompleteInput(name);
            }
        }
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
