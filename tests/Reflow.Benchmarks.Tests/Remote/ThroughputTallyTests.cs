using Reflow.Benchmarks.Remote;

namespace Reflow.Benchmarks.Tests.Remote;

/// <summary>The throughput check of B13: every integer exactly once, or the run fails saying what arrived.</summary>
public sealed class ThroughputTallyTests
{
    [Fact]
    public async Task CompletesAtTheLastMessageAndVerifies()
    {
        var tally = new ThroughputTally(1000);
        for (long i = 0; i < 999; i++)
        {
            Assert.Equal(i + 1, tally.Add(i));
        }

        Assert.False(tally.Completion.IsCompleted);
        tally.Add(999);

        await tally.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        tally.Verify("case");
        Assert.True(tally.Seconds >= 0);
    }

    [Fact]
    public void ADuplicateInPlaceOfAMessageFails()
    {
        var tally = new ThroughputTally(3);
        tally.Add(0);
        tally.Add(1);
        tally.Add(1); // 2 lost, 1 twice: the count alone would not show it

        var error = Assert.Throws<InvalidOperationException>(() => tally.Verify("case"));

        Assert.Equal("case: received 3 messages summing to 2; expected 3 summing to 3.", error.Message);
    }

    [Fact]
    public void AMissingMessageFails()
    {
        var tally = new ThroughputTally(3);
        tally.Add(0);
        tally.Add(1);

        Assert.False(tally.Completion.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => tally.Verify("case"));
    }
}
