using Reflow.Scheduling;

namespace Reflow.Tests.Scheduling;

/// <summary>One edge's message-event budget, window by window (no network, no clock: the windows are given).</summary>
public sealed class EventBudgetTests
{
    // As a source does: its worker notices the window before the chunk, the edge counts each message inline, and the
    // budget looks only when told to.
    private static int[] Taken(EventBudget budget, long window, int messages, int limit)
    {
        budget.Notice(window);
        return Unnoticed(budget, window, messages, limit);
    }

    // As one long invocation does: nothing notices the window but the budget's own looks.
    private static int[] Unnoticed(EventBudget budget, long window, int messages, int limit) =>
        [.. Enumerable.Range(1, messages).Where(m => budget.Edge.CountEventMessage() && budget.Look(window, limit, out long _))];

    [Fact]
    public void The_sequence_counts_every_message_the_looks_skipped()
    {
        var budget = new EventBudget(new Edge(null, 0, null, 0, 8));
        Taken(budget, 0, 1000, 100);
        var sequences = new List<long>();
        budget.Notice(1);
        for (int i = 0; i < 1000; i++)
        {
            if (budget.Edge.CountEventMessage() && budget.Look(1, 100, out long sequence))
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

    [Fact]
    public void A_spent_budget_looks_again_after_as_many_messages_as_its_window_has_seen()
    {
        var budget = new EventBudget(new Edge(null, 0, null, 0, 8));
        var looks = new List<int>();
        for (int m = 1; m <= 1000; m++)
        {
            if (budget.Edge.CountEventMessage())
            {
                looks.Add(m);
                budget.Look(0, 10, out _);
            }
        }

        // Ten reported, then looks back off: each after as many messages as the window had seen (11, 22, 44, …).
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 22, 44, 88, 176, 352, 704], looks);
    }

    [Fact]
    public void A_window_that_begins_inside_one_long_invocation_is_noticed_by_the_looks()
    {
        var budget = new EventBudget(new Edge(null, 0, null, 0, 8));
        Assert.Equal(Enumerable.Range(1, 100), Taken(budget, 0, 1000, 100));

        // Window 1 begins with nobody to notice it: the spent budget's backed-off look finds it (within as many
        // messages as window 0 had), and reporting resumes in the same window.
        int[] taken = Unnoticed(budget, 1, 1000, 100);
        Assert.NotEmpty(taken);
        Assert.InRange(taken[0], 1, 1000);
        Assert.True(taken.Length <= 100);
    }

    [Fact]
    public void A_noticed_window_is_looked_at_from_its_first_message_even_after_a_spent_budget()
    {
        var budget = new EventBudget(new Edge(null, 0, null, 0, 8));
        Taken(budget, 0, 1000, 100);
        budget.Notice(0); // the same window again: nothing changes
        Assert.Empty(Unnoticed(budget, 0, 1000, 100));

        // 2000 messages counted in window 0 (1 in 20 now); window 1 noticed before its first message.
        Assert.Equal(Enumerable.Range(1, 100).Select(i => 20 * i), Taken(budget, 1, 2000, 100));
    }
}
