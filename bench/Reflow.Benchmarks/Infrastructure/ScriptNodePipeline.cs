using Reflow.Actors;
using Reflow.Components;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Infrastructure;

/// <summary>
/// A native source → one script node (a <c>script/*</c> component whose <c>file</c> is the script or plugin) → a
/// native sink, loaded once as a graph through the registry a host uses, then run as a fresh <see cref="Network"/> per
/// run (start-up, the script engine's creation and shut-down included in the time) with the runtime's pool at one
/// thread. The source emits the prepared messages, 256 per <c>Produce</c>; the sink folds what arrives into a
/// <typeparamref name="TFold"/>. B10 (JavaScript) and B11 (WebAssembly) measure their runtimes through it.
/// </summary>
/// <typeparam name="TFold">What the sink keeps of the messages (a checksum).</typeparam>
public sealed class ScriptNodePipeline<TFold>
    where TFold : struct, IMessageFold
{
    private static readonly ComponentDescription s_source = new("bench/Source", outPorts: [new("out", PortType.Any)]);
    private static readonly ComponentDescription s_sink = new("bench/Sink", [new("in", PortType.Any)]);

    private readonly string _name;
    private readonly NetworkDefinition _definition;
    private readonly NetworkOptions _options;
    private Message[] _inputs = [];
    private TFold _fold;

    /// <summary>Loads the pipeline around the script <paramref name="scriptPath"/>, run by <paramref name="component"/>.</summary>
    /// <param name="name">The benchmark's name: the network's, and in errors.</param>
    /// <param name="registry">A registry with the script runtime added; the source and sink are added to it.</param>
    /// <param name="component">The script component (<c>script/javascript</c>, <c>script/wasm</c>).</param>
    /// <param name="scriptPath">The node's <c>file</c>.</param>
    /// <param name="pool">The runtime's execution pool, given one thread.</param>
    public ScriptNodePipeline(string name, ComponentRegistry registry, string component, string scriptPath, string pool)
    {
        _name = name;
        _options = new NetworkOptions { Name = name, Pools = new Dictionary<string, int> { [pool] = 1 } };
        registry
            .Add(Component.FromFactory(s_source, () => new Source(this)))
            .Add(Component.FromFactory(s_sink, () => new Sink(this)));
        var graph = new Graph(name);
        graph.AddNode("source", s_source.Name);
        graph.AddNode("script", component, GraphMetadata.Empty.With("file", scriptPath));
        graph.AddNode("sink", s_sink.Name);
        graph.Connect("source", "out", "script", "in");
        graph.Connect("script", "out", "sink", "in");
        _definition = GraphNetworkLoader.Load(graph, registry);
    }

    /// <summary>Runs <paramref name="inputs"/> through a fresh network; returns <paramref name="fold"/> with every message the sink received folded in.</summary>
    /// <exception cref="InvalidOperationException">The network reported errors.</exception>
    public async Task<TFold> RunAsync(Message[] inputs, TFold fold)
    {
        (_inputs, _fold) = (inputs, fold);
        await using Network network = Network.Create(_definition, _options);
        NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
        if (result.Errors != 0)
        {
            throw new InvalidOperationException($"{_name}: the network reported {result.Errors} error(s).");
        }

        return _fold; // the sink's writes happened before the run completed
    }

    private sealed class Source(ScriptNodePipeline<TFold> owner) : SourceActor
    {
        private OutPort _out;
        private int _next;

        public override void OnStart(ActorContext context) => (_out, _next) = (context.OutPort("out"), 0);

        public override SourceStatus Produce(ActorContext context)
        {
            Message[] inputs = owner._inputs;
            int end = Math.Min(inputs.Length, _next + 256);
            for (; _next < end; _next++)
            {
                context.Emit(_out, inputs[_next]);
            }

            return _next < inputs.Length ? SourceStatus.More : SourceStatus.Done;
        }
    }

    private sealed class Sink(ScriptNodePipeline<TFold> owner) : Actor
    {
        public override void Receive(ActorContext context) => owner._fold.Add(context.Message);
    }
}
