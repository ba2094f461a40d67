using System.Threading.Channels;
using Reflow.Actors;

namespace Reflow.Scheduling;

/// <summary>
/// Where undeliverable messages go: counted always, kept for the host to read up to a capacity (past it the
/// oldest are discarded, and counted, so a host that never reads them does not make memory grow).
/// </summary>
internal sealed class DeadLetterSink
{
    private readonly Channel<DeadLetter> _channel;
    private readonly EventHub _events;
    private readonly long[] _byReason = new long[Enum.GetValues<DeadLetterReason>().Length];
    private long _count;
    private long _discarded;

    public DeadLetterSink(int capacity, EventHub events)
    {
        _events = events;
        _channel = Channel.CreateBounded<DeadLetter>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _discarded));
    }

    public ChannelReader<DeadLetter> Reader => _channel.Reader;

    public long Count => Interlocked.Read(ref _count);

    public long Discarded => Interlocked.Read(ref _discarded);

    public void Add(DeadLetter letter)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Increment(ref _byReason[(int)letter.Reason]);
        _channel.Writer.TryWrite(letter);
        if (_events.Enabled)
        {
            _events.Publish(NetworkEventKind.DeadLetter, letter.NodeId, letter.InPort, letter.Message);
        }
    }

    /// <summary>The count of each reason that occurred, in the enum's order.</summary>
    public Dictionary<DeadLetterReason, long> CountsByReason()
    {
        var counts = new Dictionary<DeadLetterReason, long>();
        for (int reason = 0; reason < _byReason.Length; reason++)
        {
            if (Interlocked.Read(ref _byReason[reason]) is > 0 and long count)
            {
                counts.Add((DeadLetterReason)reason, count);
            }
        }

        return counts;
    }

    public void Complete() => _channel.Writer.TryComplete();
}
