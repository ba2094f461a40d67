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
    // After the budget is spent, no look until the next window (which CountEventMessage notices inline).
    private const long UntilNextWindow = long.MaxValue / 4;

    private long _window = -1;
    private long _seen;  // messages in this window
    private long _taken; // of them, reported
    private long _stride = 1;

    public Edge Edge { get; } = edge;

    /// <summary>
    /// The producer's look at the message it sends now in window <paramref name="window"/> (Edge.CountEventMessage said
    /// to look): whether it is reported, with its <paramref name="sequence"/>; the edge is told when to look next.
    /// </summary>
    public bool Look(long window, int budget, out long sequence)
    {
        sequence = Edge.NextEventSequence(out long counted);
        bool take = Take(window, budget, counted, out long lookAfter);
        Edge.LookAgainAfter(lookAfter, window);
        return take;
    }

    // counted: the messages since the previous look, this one included (all but this one were sent in the window of
    // that look).
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
            lookAfter = UntilNextWindow;
            return false;
        }

        _taken++;
        lookAfter = _stride;
        return true;
    }
}
