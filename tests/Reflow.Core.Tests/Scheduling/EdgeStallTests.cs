using Reflow.Scheduling;

namespace Reflow.Tests.Scheduling;

/// <summary>
/// An edge's stall accounting (reflow.edge.backpressure.stalls and .duration): every wait it counts has a length once
/// it ends, however soon the consumer ended it — the metrics must never show stalls with no time spent in them.
/// </summary>
public sealed class EdgeStallTests
{
    [Theory]
    [InlineData(false)] // a host writer or another worker's producer: the shared path
    [InlineData(true)]  // producer and consumer on one worker
    public void A_wait_the_consumer_ends_at_once_is_counted_with_a_length(bool local)
    {
        var edge = new Edge(null, 0, null, 0, capacity: 1) { IsLocal = local };
        var producer = new Producer();
        Assert.True(edge.TryReserve());

        Assert.True(edge.WaitForRoom(producer)); // full: registered, and counted as a stall
        edge.Release(); // the consumer handled the message at once, and wakes the producer

        Assert.Equal(1, producer.Woken);
        Assert.Equal(1, edge.Stalls);
        Assert.True(edge.StallSeconds > 0, $"a counted stall with no length ({edge.StallSeconds} s)");
    }

    [Fact]
    public void Waits_that_did_not_happen_are_neither_counted_nor_timed()
    {
        var edge = new Edge(null, 0, null, 0, capacity: 2);
        var producer = new Producer();
        Assert.True(edge.TryReserve());

        Assert.False(edge.WaitForRoom(producer)); // room left: not registered
        edge.Release();

        Assert.Equal(0, producer.Woken);
        Assert.Equal(0, edge.Stalls);
        Assert.Equal(0, edge.StallSeconds);
    }

    private sealed class Producer : ICreditWaiter
    {
        public int Woken { get; private set; }

        public void OnRoom() => Woken++;
    }
}
