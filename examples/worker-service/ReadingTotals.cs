using Reflow.Messages;

namespace Reflow.Examples.WorkerService;

/// <summary>What the service has handled: the readings out of the graph and the lines fed into it.</summary>
public sealed class ReadingTotals
{
    private long _readings;
    private long _lines;

    /// <summary>Readings out of the graph.</summary>
    public long Readings => Interlocked.Read(ref _readings);

    /// <summary>Lines fed into the graph.</summary>
    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Counts a reading (the reader of the graph's "readings" out-port).</summary>
    public void Add(Message reading) => Interlocked.Increment(ref _readings);

    /// <summary>Counts a line fed; returns the count so far.</summary>
    public long LineFed() => Interlocked.Increment(ref _lines);
}
