using System.Collections.Frozen;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Server.Network;

namespace Reflow.Server.Tests.Network;

/// <summary>
/// The live network's event pump takes a bounded batch of Core events per send, so a network that makes events faster
/// than the clients take them cannot grow the pump's list (B14's WatchedEveryMessage grew it to 24 GB).
/// </summary>
public sealed class EventPumpTests
{
    private const string EdgeId = "a() OUT -> IN b()";

    [Fact]
    public void A_batch_takes_at_most_a_clients_queue_of_events_and_leaves_the_rest_waiting()
    {
        var events = Channel.CreateUnbounded<NetworkEvent>();
        int waiting = (LiveNetwork.EventsPerSend * 2) + 10;
        for (int i = 1; i <= waiting; i++)
        {
            events.Writer.TryWrite(new NetworkEvent(NetworkEventKind.MessageSent, DateTimeOffset.UnixEpoch, "a", "OUT -> b.IN", Message.Integer(i))
            {
                EdgeId = EdgeId,
                Sequence = i,
            });
        }

        var edges = new Dictionary<string, WatchedEdge>(StringComparer.Ordinal) { [EdgeId] = new WatchedEdge("a", "out", -1, "b", "in", -1) };
        var mapper = new ProtocolEventMapper("g", edges.ToFrozenDictionary(StringComparer.Ordinal));
        var made = new List<ProtocolEvent>();

        Assert.Equal(LiveNetwork.EventsPerSend, LiveNetwork.Gather(events.Reader, mapper, _ => true, made));
        int firstBatch = made.Count;
        Assert.InRange(firstBatch, LiveNetwork.EventsPerSend, LiveNetwork.EventsPerSend + 1); // a data event each, and the edge's connect
        Assert.Equal(waiting - LiveNetwork.EventsPerSend, events.Reader.Count);

        made.Clear();
        Assert.Equal(LiveNetwork.EventsPerSend, LiveNetwork.Gather(events.Reader, mapper, _ => true, made));
        Assert.Equal(10, LiveNetwork.Gather(events.Reader, mapper, _ => true, made));
        Assert.Equal(LiveNetwork.EventsPerSend + 10, made.Count);
        Assert.Equal(0, LiveNetwork.Gather(events.Reader, mapper, _ => true, made));
    }
}
