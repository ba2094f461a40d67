using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Components.Tests.Allocation;

/// <summary>
/// The hot components allocate nothing per scalar message in steady state: a source → core/Repeat → flow/Fork →
/// flow/Merge → math/Add (and every other binary math operation) → sink network runs on one worker, so the source and
/// the sink read the allocation counter of the very thread every component runs on; the difference between the end
/// of the warm-up and the end of the run is all that the runtime and the components allocated for the measured
/// messages.
/// </summary>
public sealed class HotPathAllocationTests
{
    private const long WarmUp = 50_000;
    private const long Measured = 200_000;

    private sealed class MeasuringSource : SourceActor
    {
        private long _next;
        private OutPort _out;

        public long StartBytes { get; private set; }

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < 64 && _next < WarmUp + Measured; i++, _next++)
            {
                if (_next == WarmUp)
                {
                    StartBytes = GC.GetAllocatedBytesForCurrentThread();
                }

                context.Emit(_out, Message.Integer(_next));
            }

            return _next < WarmUp + Measured ? SourceStatus.More : SourceStatus.Done;
        }
    }

    private sealed class MeasuringSink : Actor
    {
        public long Received { get; private set; }

        public long Sum { get; private set; }

        public long EndBytes { get; private set; }

        public override void Receive(ActorContext context)
        {
            Sum += context.Message.AsInteger();
            if (++Received == 2 * (WarmUp + Measured))
            {
                EndBytes = GC.GetAllocatedBytesForCurrentThread();
            }
        }
    }

    [Theory]
    [InlineData("math/Add", 1)]
    [InlineData("math/Subtract", 1)]
    [InlineData("math/Multiply", 3)]
    [InlineData("math/Modulo", 1_000_000)]
    [InlineData("math/Min", 1_000_000)]
    [InlineData("math/Max", 0)]
    public async Task Repeat_Fork_Merge_and_math_allocate_nothing_per_scalar_message(string math, long operand)
    {
        MeasuringSource? source = null;
        MeasuringSink? sink = null;
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 16) // fills on every chunk: holding back and resuming are measured too
            .AddNode("source", Component.FromFactory(new ComponentDescription("test/Source", outPorts: [new("out", PortType.Integer)]), () => source = new MeasuringSource()))
            .AddNode("repeat", ComponentRun.Find("core/Repeat"))
            .AddNode("fork", ComponentRun.Find("flow/Fork"))
            .AddNode("merge", ComponentRun.Find("flow/Merge"))
            .AddNode("math", ComponentRun.Find(math))
            .AddNode("sink", Component.FromFactory(new ComponentDescription("test/Sink", [new("in", PortType.Float)]), () => sink = new MeasuringSink()))
            .Connect("source", "out", "repeat", "in")
            .Connect("repeat", "out", "fork", "in")
            .Connect("fork", "out1", "merge", "in1")
            .Connect("fork", "out2", "merge", "in2")
            .Connect("merge", "out", "math", "in")
            .AddInitial("math", "operand", Message.Integer(operand))
            .Connect("math", "out", "sink", "in")
            .Build(_ => null);

        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1 });
        NetworkRunResult result = await network.RunAsync().WaitAsync(ComponentRun.HangLimit);

        Assert.Equal(0, result.Errors);
        Assert.Equal(2 * (WarmUp + Measured), sink!.Received);
        Assert.Equal(0, sink.EndBytes - source!.StartBytes);
    }
}
