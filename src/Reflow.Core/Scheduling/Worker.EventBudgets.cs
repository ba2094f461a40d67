using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Reflow.Scheduling;

// The message-event budgets of the edges this worker's cells produce on (EventBudget). Their new second is noticed
// here — every FlushEvery envelopes, after each wait, and before each chunk a source produces — rather than on every
// message a watched edge carries (Edge.CountEventMessage): B14 measured reading the clock per message at ~3 % of a
// watched pipeline's throughput. Inside one long invocation the budget's own looks notice it (EventBudget.Take).
internal sealed partial class Worker
{
    /// <summary>
    /// Adds the budget of an edge one of this worker's cells produces on: the owner's thread only (a cell's emissions
    /// are counted on its worker), or before the run starts.
    /// </summary>
    public void AddEventBudget(EventBudget budget)
    {
        Debug.Assert(t_current is null || t_current == this, "an event budget added off its worker's thread");
        (_eventBudgets ??= []).Add(budget);
    }

    /// <summary>How many budgets this worker keeps (tests: a collected child's are forgotten).</summary>
    public int EventBudgetCount => _eventBudgets?.Count ?? 0;

    /// <summary>Tells this worker's budgets when the event hub's second has moved on since the last notice; owner's thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void NoticeEventWindow()
    {
        if (_eventBudgets is not null && _run.Events.Window != _eventWindow)
        {
            StartEventWindow();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StartEventWindow()
    {
        long window = _run.Events.Window;
        _eventWindow = window;
        List<EventBudget> budgets = _eventBudgets!;
        budgets.RemoveAll(static budget => budget.Retired); // once a second: a watched run that spawns and collects children does not keep their budgets
        foreach (EventBudget budget in budgets)
        {
            budget.Notice(window);
        }
    }
}
