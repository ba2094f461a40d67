using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

/// <summary>
/// Steady state allocates nothing: the source and the sink read their own worker thread's allocation counter at
/// two points of the run, so the difference is everything the runtime and the actors allocated on those threads
/// in between, for 1 000 000 scalar messages (other tests running in parallel cannot disturb it).
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class NetworkAllocationTests
{
    private const long WarmUp = 200_000;
    private const long Measured = 1_000_000;

    private sealed class MeasuringSource : SourceActor
    {
        private long _next;
        private OutPort _out;

        public long[] Bytes { get; } = new long[2];

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < 64 && _next < WarmUp + Measured; i++, _next++)
            {
                if (_next == WarmUp)
                {
                    Bytes[0] = GC.GetAllocatedBytesForCurrentThread();
                }

                context.Emit(_out, Message.Integer(_next));
            }

            if (_next < WarmUp + Measured)
            {
                return SourceStatus.More;
            }

            Bytes[1] = GC.GetAllocatedBytesForCurrentThread();
            return SourceStatus.Done;
        }
    }

    private sealed class MeasuringSink : Actor
    {
        private long _received;

        public long[] Bytes { get; } = new long[2];

        public long Sum { get; private set; }

        public override void Receive(ActorContext context)
        {
            Sum += context.Message.AsInteger();
            _received++;
            if (_received == WarmUp)
            {
                Bytes[0] = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (_received == WarmUp + Measured)
            {
                Bytes[1] = GC.GetAllocatedBytesForCurrentThread();
            }
        }
    }

    [Theory]
    [InlineData(1)] // the default placement of two actors: one worker, deliveries inline and through the local queue
    [InlineData(2)] // spread: every message crosses workers through outboxes and rings
    public async Task A_two_actor_pipeline_allocates_nothing_per_scalar_message_in_steady_state(int workers)
    {
        MeasuringSource? source = null;
        MeasuringSink? sink = null;
        // Capacity 16 < the source's 64-message chunk: the edge fills on every chunk, so the out-buffer reaches its
        // working size during warm-up (its one-time growth is not steady state) and the measured window sees
        // holding back and resuming on every chunk.
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 16)
            .AddNode("source", Component.FromFactory(new ComponentDescription("test/Source", outPorts: [new("out", PortType.Integer)]), () => source = new MeasuringSource()))
            .AddNode("sink", Component.FromFactory(new ComponentDescription("test/Sink", [new("in", PortType.Integer)]), () => sink = new MeasuringSink()))
            .Connect("source", "out", "sink", "in")
            .Build(_ => null);

        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = workers, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        NetworkRunResult result = await network.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        long total = WarmUp + Measured;
        Assert.Equal(total * (total - 1) / 2, sink!.Sum);
        Assert.Equal(0, source!.Bytes[1] - source.Bytes[0]);
        Assert.Equal(0, sink.Bytes[1] - sink.Bytes[0]);
        Assert.Equal(total, result.Messages);
    }
}
