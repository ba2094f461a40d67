using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Reflow.Benchmarks.Peers.ChannelTasks;

/// <summary>
/// A <see cref="PipelineShape"/> in <c>System.Threading.Channels</c>: one bounded channel (capacity 1024,
/// <c>SingleReader</c>/<c>SingleWriter</c> wherever they hold) in front of every stage and one task per stage,
/// each draining its channel with <c>WaitToReadAsync</c> + <c>TryRead</c> and writing with <c>TryWrite</c>, falling
/// back to <c>WriteAsync</c> when full (the peer configuration of DESIGN.md §4). The producer is the calling
/// thread. The relays of a wide stage share one channel into the next stage; the last of them to finish
/// completes it.
/// </summary>
public static class ChannelsPipeline
{
    /// <summary>Runs one pass of <paramref name="shape"/>; returns when the sink has every message.</summary>
    public static async Task<ProducerResult> RunAsync(PipelineShape shape, PipelineSink sink, double messagesPerSecond = 0)
    {
        shape.Validate();
        var tasks = new List<Task>();
        Channel<long> into = Bounded(shape, singleWriter: shape.Width == 1 || shape.Stages > 3);
        ChannelReader<long> sinkReader = into.Reader;
        tasks.Add(Task.Run(async () =>
        {
            while (await sinkReader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (sinkReader.TryRead(out long value))
                {
                    sink.Accept(value);
                }
            }
        }));

        for (int stage = shape.Stages - 1; stage >= 3; stage--)
        {
            Channel<long> input = Bounded(shape, singleWriter: !(stage == 3 && shape.Width > 1));
            tasks.Add(Relay(input.Reader, into.Writer, null));
            into = input;
        }

        ChannelWriter<long>[] first = [into.Writer];
        if (shape.Stages >= 3)
        {
            var remaining = new StrongBox<int>(shape.Width);
            first = new ChannelWriter<long>[shape.Width];
            for (int i = 0; i < shape.Width; i++)
            {
                Channel<long> input = Bounded(shape, singleWriter: true);
                tasks.Add(Relay(input.Reader, into.Writer, remaining));
                first[i] = input.Writer;
            }
        }

        ProducerResult produced = await HostProducer.RunAsync(new BroadcastInlet<Writers>(new Writers(first)), shape.Messages, messagesPerSecond).ConfigureAwait(false);
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return produced;
    }

    private static Channel<long> Bounded(PipelineShape shape, bool singleWriter) =>
        Channel.CreateBounded<long>(new BoundedChannelOptions(shape.Capacity) { SingleReader = true, SingleWriter = singleWriter });

    /// <summary>A relay task; with <paramref name="sharedWriters"/>, only the last of the writers completes the output.</summary>
    private static Task Relay(ChannelReader<long> reader, ChannelWriter<long> writer, StrongBox<int>? sharedWriters) => Task.Run(async () =>
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

        if (sharedWriters is null || Interlocked.Decrement(ref sharedWriters.Value) == 0)
        {
            writer.Complete();
        }
    });

    private readonly struct Writers(ChannelWriter<long>[] writers) : IBroadcastTargets
    {
        public int Count => writers.Length;

        public bool TryPost(int index, long value) => writers[index].TryWrite(value);

        public ValueTask PostAsync(int index, long value) => writers[index].WriteAsync(value);

        public void Complete()
        {
            foreach (ChannelWriter<long> writer in writers)
            {
                writer.Complete();
            }
        }
    }
}
