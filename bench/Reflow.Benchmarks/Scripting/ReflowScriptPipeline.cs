using Reflow.Actors;
using Reflow.Components;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.JavaScript;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// B10 row (a): a native source → the workload's script as a <c>script/javascript</c> node → a native sink, loaded
/// once as a graph through the registry a host uses (<c>AddStandardComponents().AddJavaScript()</c>), then run as a
/// fresh <see cref="Network"/> per run (start-up, the JS engine's creation and shut-down included in the time) with the
/// JavaScript pool at one thread. The source emits the prepared messages; the sink folds what arrives into a
/// <see cref="B10Checksum"/>.
/// </summary>
public sealed class ReflowScriptPipeline
{
    /// <summary>The JavaScript runtime's execution pool.</summary>
    public const string Pool = "javascript";

    private static readonly ComponentDescription s_source = new("b10/Source", outPorts: [new("out", PortType.Any)]);
    private static readonly ComponentDescription s_sink = new("b10/Sink", [new("in", PortType.Any)]);

    private readonly NetworkDefinition _definition;
    private readonly NetworkOptions _options = new() { Name = "b10", Pools = new Dictionary<string, int> { [Pool] = 1 } };
    private string _workload = B10Workload.Identity;
    private Message[] _inputs = [];
    private B10Checksum _checksum;

    /// <summary>Loads the pipeline around <paramref name="scriptPath"/>.</summary>
    public ReflowScriptPipeline(string scriptPath)
    {
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents().AddJavaScript()
            .Add(Component.FromFactory(s_source, () => new Source(this)))
            .Add(Component.FromFactory(s_sink, () => new Sink(this)));
        var graph = new Graph("b10");
        graph.AddNode("source", s_source.Name);
        graph.AddNode("js", "script/javascript", GraphMetadata.Empty.With("file", scriptPath));
        graph.AddNode("sink", s_sink.Name);
        graph.Connect("source", "out", "js", "in");
        graph.Connect("js", "out", "sink", "in");
        _definition = GraphNetworkLoader.Load(graph, registry);
    }

    /// <summary>Runs <paramref name="inputs"/> through a fresh network and returns the checksum of what reached the sink.</summary>
    /// <exception cref="InvalidOperationException">The network reported errors.</exception>
    public async Task<B10Checksum> RunAsync(string workload, Message[] inputs)
    {
        (_workload, _inputs, _checksum) = (workload, inputs, default);
        await using Network network = Network.Create(_definition, _options);
        NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
        if (result.Errors != 0)
        {
            throw new InvalidOperationException($"B10 Reflow {workload}: the network reported {result.Errors} error(s).");
        }

        return _checksum; // the sink's writes happened before the run completed
    }

    private sealed class Source(ReflowScriptPipeline owner) : SourceActor
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

    private sealed class Sink(ReflowScriptPipeline owner) : Actor
    {
        public override void Receive(ActorContext context) => owner._checksum.Add(owner._workload, context.Message);
    }
}
