using Reflow.Actors;
using Reflow.Components;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.Wasm;

namespace Reflow.Benchmarks.Wasm;

/// <summary>
/// B11's pipeline: a native source → a WebAssembly plugin as a <c>script/wasm</c> node (its <c>file</c> a
/// <c>.wasm</c>) → a native sink, loaded once as a graph through the registry a host uses
/// (<c>AddStandardComponents().AddWasm()</c>), then run as a fresh <see cref="Network"/> per run (start-up and
/// shut-down included in the time) with the <c>wasm</c> pool at one thread. The source emits the prepared messages;
/// the sink folds what arrives into a <see cref="B11Checksum"/>.
/// </summary>
public sealed class WasmPipeline
{
    /// <summary>The WebAssembly runtime's execution pool.</summary>
    public const string Pool = "wasm";

    private static readonly ComponentDescription s_source = new("b11/Source", outPorts: [new("out", PortType.Any)]);
    private static readonly ComponentDescription s_sink = new("b11/Sink", [new("in", PortType.Any)]);

    private readonly NetworkDefinition _definition;
    private readonly NetworkOptions _options = new() { Name = "b11", Pools = new Dictionary<string, int> { [Pool] = 1 } };
    private Message[] _inputs = [];
    private B11Checksum _checksum;

    /// <summary>Loads the pipeline around the plugin at <paramref name="wasmPath"/>.</summary>
    public WasmPipeline(string wasmPath)
    {
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents().AddWasm()
            .Add(Component.FromFactory(s_source, () => new Source(this)))
            .Add(Component.FromFactory(s_sink, () => new Sink(this)));
        var graph = new Graph("b11");
        graph.AddNode("source", s_source.Name);
        graph.AddNode("wasm", "script/wasm", GraphMetadata.Empty.With("file", wasmPath));
        graph.AddNode("sink", s_sink.Name);
        graph.Connect("source", "out", "wasm", "in");
        graph.Connect("wasm", "out", "sink", "in");
        _definition = GraphNetworkLoader.Load(graph, registry);
    }

    /// <summary>Runs <paramref name="inputs"/> through a fresh network and returns the checksum of what reached the sink.</summary>
    /// <exception cref="InvalidOperationException">The network reported errors.</exception>
    public async Task<B11Checksum> RunAsync(Message[] inputs)
    {
        (_inputs, _checksum) = (inputs, default);
        await using Network network = Network.Create(_definition, _options);
        NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
        if (result.Errors != 0)
        {
            throw new InvalidOperationException($"B11: the network reported {result.Errors} error(s).");
        }

        return _checksum; // the sink's writes happened before the run completed
    }

    private sealed class Source(WasmPipeline owner) : SourceActor
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

    private sealed class Sink(WasmPipeline owner) : Actor
    {
        public override void Receive(ActorContext context) => owner._checksum.Add(context.Message);
    }
}
