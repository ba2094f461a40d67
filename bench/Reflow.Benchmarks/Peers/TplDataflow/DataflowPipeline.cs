using System.Threading.Tasks.Dataflow;

namespace Reflow.Benchmarks.Peers.TplDataflow;

/// <summary>
/// A <see cref="PipelineShape"/> in TPL Dataflow: a <see cref="TransformBlock{TInput, TOutput}"/> per relay and an
/// <see cref="ActionBlock{TInput}"/> sink, every block bounded at the shape's capacity (1024), linked with
/// completion propagation, the default <c>MaxMessagesPerTask</c> (unbounded: a block's task drains its whole queue)
/// and <c>SingleProducerConstrained</c> on a sink with one producer, as the Dataflow documentation suggests for
/// speed. The producer is the calling thread: <c>Post</c>, and <c>SendAsync</c> when a block is full. A wide stage
/// is fed by the producer itself (a bounded <c>BroadcastBlock</c> would skip full targets) and its relays are all
/// linked to the next block; that block completes when all of them have.
/// </summary>
public static class DataflowPipeline
{
    /// <summary>Runs one pass of <paramref name="shape"/>; returns when the sink has every message.</summary>
    public static async Task<ProducerResult> RunAsync(PipelineShape shape, PipelineSink sink, double messagesPerSecond = 0)
    {
        shape.Validate();
        var last = new ActionBlock<long>(sink.Accept, Options(shape, SingleProducer(shape, shape.Stages)));
        ITargetBlock<long> next = last;
        var linkAndPropagate = new DataflowLinkOptions { PropagateCompletion = true };
        for (int stage = shape.Stages - 1; stage >= 3; stage--)
        {
            var relay = new TransformBlock<long, long>(static value => value, Options(shape, SingleProducer(shape, stage)));
            relay.LinkTo(next, linkAndPropagate);
            next = relay;
        }

        ITargetBlock<long>[] first = [next];
        if (shape.Stages >= 3)
        {
            TransformBlock<long, long>[] relays = [.. Enumerable.Range(0, shape.Width).Select(_ => new TransformBlock<long, long>(static value => value, Options(shape, singleProducer: true)))];
            ITargetBlock<long> target = next;
            foreach (TransformBlock<long, long> relay in relays)
            {
                relay.LinkTo(target);
            }

            _ = Task.WhenAll(relays.Select(r => r.Completion)).ContinueWith(_ => target.Complete(), TaskScheduler.Default);
            first = relays;
        }

        ProducerResult produced = await HostProducer.RunAsync(new BroadcastInlet<Blocks>(new Blocks(first)), shape.Messages, messagesPerSecond).ConfigureAwait(false);
        await last.Completion.ConfigureAwait(false);
        return produced;
    }

    /// <summary>Whether stage <paramref name="stage"/> (1 is the producer) has one producer: all but the one after a wide stage.</summary>
    private static bool SingleProducer(PipelineShape shape, int stage) => !(stage == 3 && shape.Width > 1);

    private static ExecutionDataflowBlockOptions Options(PipelineShape shape, bool singleProducer) =>
        new() { BoundedCapacity = shape.Capacity, SingleProducerConstrained = singleProducer };

    private readonly struct Blocks(ITargetBlock<long>[] blocks) : IBroadcastTargets
    {
        public int Count => blocks.Length;

        public bool TryPost(int index, long value) => blocks[index].Post(value);

        public async ValueTask PostAsync(int index, long value)
        {
            if (!await blocks[index].SendAsync(value).ConfigureAwait(false))
            {
                throw new InvalidOperationException("A Dataflow block declined a message.");
            }
        }

        public void Complete()
        {
            foreach (ITargetBlock<long> block in blocks)
            {
                block.Complete();
            }
        }
    }
}
