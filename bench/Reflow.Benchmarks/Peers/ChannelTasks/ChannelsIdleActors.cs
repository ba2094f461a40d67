using System.Threading.Channels;

namespace Reflow.Benchmarks.Peers.ChannelTasks;

/// <summary>
/// B7 with Channels: <c>actors</c> "actors" made of a bounded channel (1024, single reader and writer) and an
/// async loop draining it, each written one message.
/// </summary>
public static class ChannelsIdleActors
{
    /// <summary>Starts the loops; returns the teardown.</summary>
    public static Task<Func<Task>> StartAsync(int actors, Countdown handled)
    {
        var options = new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true };
        var writers = new ChannelWriter<long>[actors];
        var loops = new Task[actors];
        for (int i = 0; i < actors; i++)
        {
            Channel<long> channel = Channel.CreateBounded<long>(options);
            writers[i] = channel.Writer;
            loops[i] = Drain(channel.Reader, handled);
            channel.Writer.TryWrite(1);
        }

        return Task.FromResult<Func<Task>>(() =>
        {
            Array.ForEach(writers, w => w.Complete());
            return Task.WhenAll(loops);
        });
    }

    private static async Task Drain(ChannelReader<long> reader, Countdown handled)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out _))
            {
                handled.Signal();
            }
        }
    }
}
