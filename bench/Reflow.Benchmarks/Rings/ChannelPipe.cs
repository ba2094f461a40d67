using System.Threading.Channels;

namespace Reflow.Benchmarks.Rings;

/// <summary>
/// The peer: a <see cref="Channel{T}"/> with one long-lived consumer task, written the way the Channels
/// documentation recommends for throughput (TryWrite/TryRead fast paths, awaiting only when full or empty,
/// single-reader/-writer hints where they hold).
/// </summary>
internal sealed class ChannelPipe
{
    private readonly Channel<Slot> _channel;
    private readonly Task _consumer;
    private long _consumed;
    private long _produced;
    private long _sum;

    public ChannelPipe(int? capacity, bool singleWriter)
    {
        _channel = capacity is int bounded
            ? Channel.CreateBounded<Slot>(new BoundedChannelOptions(bounded)
            {
                SingleReader = true,
                SingleWriter = singleWriter,
                FullMode = BoundedChannelFullMode.Wait,
            })
            : Channel.CreateUnbounded<Slot>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = singleWriter });
        _consumer = Task.Run(ConsumeAsync);
    }

    public long Sum => Volatile.Read(ref _sum);

    /// <summary>Writes <paramref name="count"/> events (callable from several producers at once when not single-writer).</summary>
    public async Task ProduceAsync(int count, long producer)
    {
        ChannelWriter<Slot> writer = _channel.Writer;
        for (int i = 0; i < count; i++)
        {
            var slot = new Slot { Value = i, Producer = producer };
            if (!writer.TryWrite(slot))
            {
                await writer.WriteAsync(slot).ConfigureAwait(false);
            }
        }

        Interlocked.Add(ref _produced, count);
    }

    /// <summary>Waits until the consumer has taken everything produced so far.</summary>
    public void WaitUntilDrained()
    {
        long target = Volatile.Read(ref _produced);
        var spinner = new SpinWait();
        while (Volatile.Read(ref _consumed) < target)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    public void Stop()
    {
        _channel.Writer.Complete();
        _consumer.GetAwaiter().GetResult();
    }

    private async Task ConsumeAsync()
    {
        ChannelReader<Slot> reader = _channel.Reader;
        long consumed = 0;
        long sum = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out Slot slot))
            {
                sum += slot.Value;
                consumed++;
            }

            Volatile.Write(ref _consumed, consumed);
        }

        Volatile.Write(ref _sum, sum);
    }
}
