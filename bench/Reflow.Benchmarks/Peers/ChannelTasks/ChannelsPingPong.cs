using System.Threading.Channels;

namespace Reflow.Benchmarks.Peers.ChannelTasks;

/// <summary>
/// Ping-pong between two tasks over two bounded channels (capacity 1024, single reader and writer): an echo task
/// and the pinger, which drains its replies with <c>WaitToReadAsync</c> + <c>TryRead</c>.
/// </summary>
public static class ChannelsPingPong
{
    /// <summary>Plays <paramref name="score"/> to the end with two new channels and an echo task.</summary>
    public static async Task RunAsync(PingPongScore score)
    {
        var options = new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true };
        Channel<long> ping = Channel.CreateBounded<long>(options);
        Channel<long> pong = Channel.CreateBounded<long>(options);
        Task echo = Task.Run(async () =>
        {
            ChannelReader<long> reader = ping.Reader;
            ChannelWriter<long> writer = pong.Writer;
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
        });

        score.Start();
        for (int i = 0; i < score.Window; i++)
        {
            Write(ping.Writer, i);
        }

        ChannelReader<long> replies = pong.Reader;
        while (!score.Done.IsCompleted && await replies.WaitToReadAsync().ConfigureAwait(false))
        {
            while (replies.TryRead(out long value))
            {
                if (score.OnReply())
                {
                    Write(ping.Writer, value);
                }
            }
        }

        ping.Writer.Complete();
        await echo.ConfigureAwait(false);
    }

    private static void Write(ChannelWriter<long> writer, long value)
    {
        if (!writer.TryWrite(value))
        {
            throw new InvalidOperationException("A ping-pong channel was full: the window exceeds its capacity.");
        }
    }
}
