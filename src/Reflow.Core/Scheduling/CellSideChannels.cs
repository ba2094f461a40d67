using System.Collections.Concurrent;
using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>
/// What reaches an actor from other threads — its timers and its emissions from other threads — made for a cell
/// the first time it needs them (most actors never do, and then keep one null reference instead of five).
/// </summary>
internal sealed class CellSideChannels
{
    /// <summary>Guards <see cref="Timers"/>: timers are created and disposed from any thread.</summary>
    public Lock TimersLock { get; } = new();

    /// <summary>The live timers, under <see cref="TimersLock"/>.</summary>
    public List<ActorTimer> Timers { get; } = [];

    /// <summary>Timers that fired, waiting for the worker (filled from timer threads).</summary>
    public ConcurrentQueue<ActorTimer> FiredTimers { get; } = new();

    /// <summary>Timers that fired while the cell was held back or suspended; the worker's own.</summary>
    public Queue<ActorTimer> DeferredTimers { get; } = new();

    /// <summary>Emissions made on other threads (to an index of the port, or to all: -1), waiting for the worker to send them in order.</summary>
    public ConcurrentQueue<(int Port, int Element, Message Message)> ForeignEmits { get; } = new();

    /// <summary>An async actor's call in flight and its cancellation; null for every other actor (see ActorCell.Async).</summary>
    public AsyncReceive? Async;

    /// <summary>Keep-alives taken and not yet disposed (see ActorCell.Streams: a cell with one is not finished).</summary>
    public int KeepAlives;
}
