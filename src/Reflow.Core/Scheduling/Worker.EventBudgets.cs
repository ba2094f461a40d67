using System.Runtime.CompilerServices;

namespace Reflow.Scheduling;

// The message-event budgets of the edges this worker's cells produce on (EventBudget). A budget that is spent stops
// its edge's looks until the next second of the budget; that second is noticed here, between envelopes, rather than
// on every message a watched edge carries (Edge.CountEventMessage): one read of the budget's clock per sixteen
// envelopes or per wait, instead of one per message.
internal sealed partial class Worker
{
    /// <summary>
    /// Adds the budget of an edge one of this worker's cells produces on. The owner's thread only (a cell's emissions
    /// are counted on its worker), or before the run starts.
    /// </summary>
    public void AddEventBudget(EventBudget budget) => (_eventBudgets ??= []).Add(budget);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NoticeEventWindow()
    {
        if (_eventBudgets is not null && _run.Events.Window != _eventWindow)
        {
            StartEventWindow();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StartEventWindow()
    {
        _eventWindow = _run.Events.Window;
        foreach (EventBudget budget in _eventBudgets!)
        {
            budget.Edge.LookAtNext();
        }
    }
}
