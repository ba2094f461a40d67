using Reflow.Scheduling;

namespace Reflow.Tests.Scheduling;

/// <summary>One edge's message-event budget, window by window (no network, no clock: the windows are given).</summary>
public sealed class EventBudgetTests
{
    // As the producing cell does: the edge counts each message inline and the budget looks only when told to.
    private static int[] Taken(EventBudget budget, long window, int messages, int limit) =>
        [.. Enumerable.Range(1, messages).Where(m => budget.Edge.CountEventMessage(window) && budget.Look(window, limit, out long _))];

    [Fact]
    public void The_sequence_counts_every_message_the_looks_skipped()
    {
        var budget = new EventBudget(new Edge(null, 0, null, 0, 8));
        Taken(budget, 0, 1000, 100);
        var sequences = new List<long>();
        for (int i = 0; i < 1000; i++)
        {
            if (budget.Edge.CountEventMessage(1) && budget.Look(1, 100, out long sequence))
            {
                sequences.Add(sequence);
            }
        }

        // 1000 in window 0: 1 in 10 in window 1, numbered from 1001 on as every message was counted.
        Assert.Equal(Enumerable.Range(1, 100).Select(i => 1000L + (10 * i)), sequences);
    }

    [Fact]
    public void The_first_window_takes_the_first_messages_up_to_the_budget()
    {
        var budget = new EventBudget(new Edge(null, 0, null, 0, 8));
        Assert.Equal(Enumerable.Range(1, 100), Taken(budget, 0, 250, 100));
    }

    [Fact]
    public void A_busy_window_is_sampled_evenly_by_the_stride_of_the_window_before()
    {
        var budget = new EventBudget(new Edge(null, 0, null, 0, 8));
        Taken(budget, 0, 250, 100);

        // 250 last window, budget 100: 1 in 3 (rounded up, so the budget lasts the whole window).
        Assert.Equal(Enumerable.Range(1, 83).Select(i => 3 * i), Taken(budget, 1, 250, 100));
        // 1000 in window 2 after 250 in window 1: still 1 in 3, and the budget stops it at 100.
        Assert.Equal(Enumerable.Range(1, 100).Select(i => 3 * i), Taken(budget, 2, 1000, 100));
        // Window 3 after 1000: 1 in 10.
        Assert.Equal(Enumerable.Range(1, 100).Select(i => 10 * i), Taken(budget, 3, 1000, 100));
    }

    [Fact]
    public void A_window_after_a_silent_one_or_after_a_quiet_one_takes_every_message()
    {
        var budget = new EventBudget(new Edge(null, 0, null, 0, 8));
        Taken(budget, 0, 1000, 100);
        Assert.Equal(Enumerable.Range(1, 40), Taken(budget, 2, 40, 100)); // window 1 had none
        Assert.Equal(Enumerable.Range(1, 60), Taken(budget, 3, 60, 100)); // window 2 had 40
    }
}
