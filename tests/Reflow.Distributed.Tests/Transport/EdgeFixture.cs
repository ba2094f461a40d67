using System.Threading.Channels;
using NATS.Client.Core;
using Reflow.Distributed.Tests.Nats;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>Shared pieces of the remote edge tests: connections, a started receiver, a source fed from a list.</summary>
internal static class EdgeFixture
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static int s_runs;

    /// <summary>A fresh run id per test, so tests sharing a server never hear each other.</summary>
    public static RemoteEdgeAddress NewAddress(int edgeId = 0) => new($"t{Interlocked.Increment(ref s_runs)}-{Environment.ProcessId}", edgeId);

    public static async Task<NatsConnection> ConnectAsync(NatsServer server, string name)
    {
        var connection = new NatsConnection(server.Options(name));
        await connection.ConnectAsync();
        return connection;
    }

    /// <summary>A bounded source that a background task fills with <paramref name="messages"/> and completes.</summary>
    public static (ChannelReader<Message> Reader, Task Fed) Source(IEnumerable<Message> messages, int capacity = 1024)
    {
        var channel = Channel.CreateBounded<Message>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        Task fed = Task.Run(async () =>
        {
            foreach (Message message in messages)
            {
                await channel.Writer.WriteAsync(message);
            }

            channel.Writer.Complete();
        });
        return (channel.Reader, fed);
    }

    /// <summary>Every kind of message, cycling, numbered so order and duplicates show.</summary>
    public static Message Varied(int i) => (i % 12) switch
    {
        0 => Message.Integer(i),
        1 => Message.Float(i + 0.5),
        2 => Message.String("s" + i),
        3 => Message.Bytes([(byte)i, (byte)(i >> 8), (byte)(i >> 16)]),
        4 => Message.Object(new KeyValuePair<string, Message>("i", Message.Integer(i)), new KeyValuePair<string, Message>("n", Message.Null)),
        5 => Message.Array(Message.Integer(i), Message.String("a"), Message.Boolean(true)),
        6 => Message.Error("e" + i),
        7 => Message.OpenBracket(Message.Integer(i)),
        8 => Message.CloseBracket(Message.Integer(i)),
        9 => Message.Boolean(i % 2 == 0),
        10 => i % 24 == 10 ? Message.Flow : Message.Null,
        _ => Message.OpenBracket(),
    };
}
