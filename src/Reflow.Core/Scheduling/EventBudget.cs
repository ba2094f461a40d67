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
    private long _countdown = 1; // messages until the next one the stride takes (no division per message)

    public Edge Edge { get; } = edge;

    /// <summary>Whether this message, sent in window <paramref name="window"/>, is reported.</summary>
    public bool Take(long window, int budget)
    {
        if (window != _window)
        {
            // The window just over tells this one's rate; after a quiet gap (a window skipped) start from every message.
            _stride = window == _window + 1 ? Math.Max(1, (_seen + budget - 1) / budget) : 1;
            _window = window;
            _seen = 0;
            _taken = 0;
            _countdown = _stride;
        }

        _seen++;
        if (--_countdown > 0)
        {
            return false;
        }

        _countdown = _stride; // the stride's next message, whether or not the budget has room for it
        if (_taken >= budget)
        {
            return false;
        }

        _taken++;
        return true;
    }
}
