using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>Shared pieces of the at-least-once edge tests: the run's stream, and a source that stops half-way until told.</summary>
internal static class JetStreamEdgeFixture
{
    /// <summary>A fresh run with its stream created (as the coordinator does before any part is prepared).</summary>
    public static async Task<RemoteEdgeAddress> NewRunAsync(INatsConnection connection, CancellationToken cancellationToken, int edgeId = 0)
    {
        RemoteEdgeAddress address = EdgeFixture.NewAddress(edgeId);
        await RemoteEdgeStream.CreateAsync(new NatsJSContext(connection), address.RunId, cancellationToken);
        return address;
    }

    /// <summary>
    /// A source of <c>Varied(0 .. count-1)</c> that yields the first <paramref name="pauseAt"/> at once and the rest only
    /// when <paramref name="resume"/> completes (never, for a sender that is to die half-way).
    /// </summary>
    public static ChannelReader<Message> Paused(int count, int pauseAt, Task resume, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<Message>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
        _ = Task.Run(
            async () =>
            {
                for (int i = 0; i < count; i++)
                {
                    if (i == pauseAt)
                    {
                        await resume.WaitAsync(cancellationToken);
                    }

                    await channel.Writer.WriteAsync(EdgeFixture.Varied(i), cancellationToken);
                }

                channel.Writer.Complete();
            },
            cancellationToken);
        return channel.Reader;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test at the token's timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    /// <summary>Asserts that <paramref name="messages"/> are exactly <c>Varied(0 .. count-1)</c>, in order.</summary>
    public static void AssertVaried(IReadOnlyList<Message> messages, int count)
    {
        Assert.Equal(count, messages.Count);
        for (int i = 0; i < count; i++)
        {
            if (!EdgeFixture.Varied(i).Equals(messages[i]))
            {
                Assert.Fail($"message {i}: {messages[i]} is not {EdgeFixture.Varied(i)}");
            }
        }
    }
}
