namespace Reflow.Scheduling;

/// <summary>
/// One edge's message-event budget (<see cref="Actors.NetworkEventSubscription.MessageRateLimit"/>): at most
/// <c>budget</c> messages reported per window (a second of <see cref="EventHub.Window"/>), spread over it by a stride
/// set from the previous window's count, so a busy edge is sampled evenly rather than only in each second's first
/// moments, and an edge quieter than the budget has every message reported.
/// </summary>
/// <remarks>The producing cell's thread only (see <see cref="ActorCell"/>'s event budgets): plain fields.</remarks>
internal sealed class EventBudget(Edge edge)
{
    private long _window = -1;
    private long _seen;  // messages in this window
    private long _taken; // of them, reported
    private long _stride = 1;

    public Edge Edge { get; } = edge;

    /// <summary>Its cell is gone (a collected child, a node a live edit removed): its worker forgets it at the next second.</summary>
    public bool Retired { get; set; }

    /// <summary>
    /// The producer's look at the message it sends now in window <paramref name="window"/> (Edge.CountEventMessage said
    /// to look): whether it is reported, with its <paramref name="sequence"/>; the edge is told when to look next.
    /// </summary>
    public bool Look(long window, int budget, out long sequence)
    {
        sequence = Edge.NextEventSequence(out long counted);
        bool take = Take(window, budget, counted, out long lookAfter);
        Edge.LookAgainAfter(lookAfter);
        return take;
    }

    /// <summary>
    /// Second <paramref name="window"/> of the budget has begun (seen by the producer's worker, or by a source before a
    /// chunk): unless this budget already looked in it, the edge's next message is looked at.
    /// </summary>
    public void Notice(long window)
    {
        if (window != _window)
        {
            Edge.LookAtNext();
        }
    }

    // counted: the messages since the previous look, this one included; all but this one count to the window of that
    // look (exact when the new window was noticed before its first message; a look that found it first overstates
    // the window before, and the stride is a little long).
    private bool Take(long window, int budget, long counted, out long lookAfter)
    {
        if (window != _window)
        {
            // The window just over tells this one's rate; after a quiet gap (a window skipped) start from every message.
            long previous = _seen + counted - 1;
            _stride = window == _window + 1 ? Math.Max(1, (previous + budget - 1) / budget) : 1;
            _window = window;
            _seen = 1;
            _taken = 0;
            if (_stride > 1)
            {
                lookAfter = _stride - 1; // the window's first report is its stride-th message
                return false;
            }
        }
        else
        {
            _seen += counted;
        }

        if (_taken >= budget)
        {
            // Spent: nothing more is reported this second, so the looks back off, each after as many messages as the
            // second has seen — a second that begins inside one long invocation is still noticed, at most that many
            // messages late, at a look count that grows with the log of the rate. (The worker and a source's next
            // chunk notice it sooner: Notice.)
            lookAfter = Math.Max(_stride, _seen);
            return false;
        }

        _taken++;
        lookAfter = _stride;
        return true;
    }
}
