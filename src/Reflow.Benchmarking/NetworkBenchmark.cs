using BenchmarkDotNet.Attributes;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarking;

/// <summary>
/// A BenchmarkDotNet suite of a graph or a component: a counting source → the nodes <see cref="AddNodes"/> adds →
/// a counting sink. The network is built before each iteration (<see cref="BuildNetwork"/>, an
/// <c>[IterationSetup]</c>: a network runs once), and each invocation runs <see cref="Messages"/> messages to the
/// end, then checks the sink received <see cref="ExpectedAtSink"/> and nothing failed. The columns
/// <see cref="MessagesPerSecondColumn"/> and <see cref="AllocationPerMessageColumn"/> (see <see cref="NetworkBenchmarkConfig"/>)
/// turn the time and the allocation per invocation into per-message figures.
/// </summary>
/// <remarks>
/// A derived class declares the message counts: <c>[Params(100_000, 1_000_000)] public override long Messages { get; set; }</c>.
/// Run it with BenchmarkDotNet as any suite; the base class's <see cref="Run"/> is its benchmark.
/// </remarks>
[Config(typeof(NetworkBenchmarkConfig))]
public abstract class NetworkBenchmark
{
    /// <summary>The node id of the counting source.</summary>
    public const string SourceNode = "benchmark-source";

    /// <summary>The node id of the counting sink.</summary>
    public const string SinkNode = "benchmark-sink";

    /// <summary>How many messages the source emits per <c>Produce</c> call.</summary>
    public const int Chunk = 256;

    private Network? _network;
    private long _received;

    /// <summary>Messages per invocation (a BenchmarkDotNet parameter: the columns read it by this name).</summary>
    public abstract long Messages { get; set; }

    /// <summary>How many messages the sink must receive per invocation: <see cref="Messages"/> unless the nodes multiply or filter them.</summary>
    protected virtual long ExpectedAtSink => Messages;

    /// <summary>The network's options; the defaults unless overridden.</summary>
    protected virtual NetworkOptions Options => NetworkOptions.Default;

    /// <summary>Edge capacity of the built network.</summary>
    protected virtual int EdgeCapacity => NetworkBuilder.DefaultEdgeCapacity;

    /// <summary>Adds the nodes under test (their IIPs and the edges between them) and says where the source and the sink attach.</summary>
    protected abstract NetworkPath AddNodes(NetworkBuilder builder);

    /// <summary>The message the source emits as its <paramref name="sequence"/>th: an Integer by default. Must not allocate, or it is measured.</summary>
    protected virtual Message MessageAt(long sequence) => Message.Integer(sequence);

    /// <summary>Builds the network for the next iteration (not measured).</summary>
    [IterationSetup]
    public void BuildNetwork()
    {
        var builder = new NetworkBuilder(EdgeCapacity)
            .AddNode(SourceNode, Component.FromFactory(
                new ComponentDescription("benchmark/Source", outPorts: [new PortDefinition("out")]), () => new CountingSource(this)))
            .AddNode(SinkNode, Component.FromFactory(
                new ComponentDescription("benchmark/Sink", [new PortDefinition("in")]), () => new CountingSink(this)));
        NetworkPath path = AddNodes(builder);
        NetworkDefinition definition = builder
            .Connect(SourceNode, "out", path.IntoNode, path.IntoPort)
            .Connect(path.OutOfNode, path.OutOfPort, SinkNode, "in")
            .Build(_ => null);
        _received = 0;
        _network = Network.Create(definition, Options);
    }

    /// <summary>Runs the network built for this iteration to the end.</summary>
    /// <exception cref="InvalidOperationException">The sink received another count, or an actor failed: the figures would mean nothing.</exception>
    [Benchmark]
    public async Task<long> Run()
    {
        Network network = _network ?? throw new InvalidOperationException("BuildNetwork ([IterationSetup]) did not run.");
        NetworkRunResult result = await network.RunAsync().ConfigureAwait(false);
        if (_received != ExpectedAtSink || result.Errors != 0)
        {
            throw new InvalidOperationException(
                $"{GetType().Name}: the sink received {_received} of {ExpectedAtSink} messages, with {result.Errors} error(s).");
        }

        return _received;
    }

    /// <summary>Disposes the iteration's network (not measured).</summary>
    [IterationCleanup]
    public void DisposeNetwork()
    {
        _network?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _network = null;
    }

    private sealed class CountingSource(NetworkBenchmark owner) : SourceActor
    {
        private OutPort _out;
        private long _next;

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override SourceStatus Produce(ActorContext context)
        {
            long end = Math.Min(owner.Messages, _next + Chunk);
            for (; _next < end; _next++)
            {
                context.Emit(_out, owner.MessageAt(_next));
            }

            return _next < owner.Messages ? SourceStatus.More : SourceStatus.Done;
        }
    }

    private sealed class CountingSink(NetworkBenchmark owner) : Actor
    {
        public override void Receive(ActorContext context) => owner._received++;
    }
}
