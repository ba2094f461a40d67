using Reflow.Rings;

namespace Reflow.Tests.Rings;

/// <summary>Behaviour every sequencer must have; one sealed subclass per sequencer kind.</summary>
[Collection(RingsCollection.Name)]
public abstract class SequencerContractTests
{
    protected abstract Sequencer Create(int bufferSize, WaitStrategy? waitStrategy = null);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-8)]
    [InlineData(1000)]
    public void Size_must_be_a_power_of_two(int size)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Create(size));
        Assert.Contains("power of two", error.Message);
    }

    [Fact]
    public void Claims_are_consecutive_and_batches_return_their_highest_sequence()
    {
        Sequencer sequencer = Create(16);
        Assert.Equal(0, sequencer.Next());
        Assert.Equal(1, sequencer.Next());
        Assert.Equal(5, sequencer.Next(4)); // batch [2, 5]
        Assert.True(sequencer.TryNext(out long single));
        Assert.Equal(6, single);
        Assert.True(sequencer.TryNext(3, out long high));
        Assert.Equal(9, high);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(17)]
    public void A_claim_of_zero_or_more_than_the_ring_is_rejected(int count)
    {
        Sequencer sequencer = Create(16);
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.Next(count));
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.TryNext(count, out _));
    }

    [Fact]
    public void Publishing_makes_slots_available_to_a_barrier()
    {
        Sequencer sequencer = Create(8);
        SequenceBarrier barrier = sequencer.NewBarrier();
        long s = sequencer.Next(3);
        Assert.False(sequencer.IsAvailable(0));
        sequencer.Publish(s - 2, s);
        Assert.True(sequencer.IsAvailable(0));
        Assert.True(sequencer.IsAvailable(2));
        Assert.False(sequencer.IsAvailable(3));
        Assert.True(barrier.TryWaitFor(0, out long available));
        Assert.Equal(2, available);
    }

    [Fact]
    public void TryNext_fails_when_the_ring_is_full_and_succeeds_once_the_consumer_moves_on()
    {
        Sequencer sequencer = Create(4);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);

        for (int i = 0; i < 4; i++)
        {
            Assert.True(sequencer.TryNext(out long s));
            sequencer.Publish(s);
        }

        Assert.Equal(0, sequencer.RemainingCapacity);
        Assert.False(sequencer.TryNext(out _));
        Assert.False(sequencer.TryNext(2, out _));

        consumer.SetValue(1); // slots 0 and 1 consumed
        Assert.Equal(2, sequencer.RemainingCapacity);
        Assert.False(sequencer.TryNext(3, out _));
        Assert.True(sequencer.TryNext(2, out long high));
        Assert.Equal(5, high);
        Assert.False(sequencer.TryNext(out _));
    }

    [Fact]
    public void A_blocking_claim_on_a_full_ring_waits_for_the_consumer()
    {
        Sequencer sequencer = Create(4);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(0, sequencer.Next(4));

        long claimed = -100;
        Exception? failure = null;
        Thread producer = Bounded.Start("blocked producer", () => claimed = sequencer.Next(), e => failure = e);

        Thread.Sleep(50); // give it time to (wrongly) claim; it must still be waiting
        Assert.Equal(-100, Volatile.Read(ref claimed));
        consumer.SetValue(0);
        Bounded.Join(producer);
        Assert.Null(failure);
        Assert.Equal(4, claimed);
    }

    [Fact]
    public void Cancelling_a_producer_that_waits_for_room_claims_nothing_and_leaves_no_hole()
    {
        Sequencer sequencer = Create(4);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        SequenceBarrier barrier = sequencer.NewBarrier();
        sequencer.Publish(0, sequencer.Next(4)); // full

        using var cancellation = new CancellationTokenSource();
        Exception? failure = null;
        Thread producer = Bounded.Start("cancelled producer", () => sequencer.Next(1, cancellation.Token), e => failure = e);
        Thread.Sleep(20);
        Assert.True(producer.IsAlive); // the ring is full: it can only be waiting
        cancellation.Cancel();
        Bounded.Join(producer);
        Assert.IsType<OperationCanceledException>(failure);

        // Nothing was claimed: the next claim is slot 4, and once it is published the consumer reads it
        // (an abandoned claim would leave slot 4 unpublished and stall the consumer there for good).
        consumer.SetValue(3);
        long available = -1;
        Bounded.Run("claim after a cancelled wait", () =>
        {
            long s = sequencer.Next();
            Assert.Equal(4, s);
            sequencer.Publish(s);
            Assert.True(barrier.TryWaitFor(4, out available));
        });
        Assert.Equal(4, available);
    }

    [Fact]
    public void A_cancellable_claim_with_room_claims_at_once()
    {
        Sequencer sequencer = Create(8);
        using var cancellation = new CancellationTokenSource();
        Assert.Equal(2, sequencer.Next(3, cancellation.Token));
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.Next(9, cancellation.Token));
        sequencer.Shutdown();
        Assert.Throws<RingShutdownException>(() => sequencer.Next(1, cancellation.Token));
    }

    [Fact]
    public void A_new_gating_sequence_starts_at_the_cursor()
    {
        Sequencer sequencer = Create(8);
        sequencer.Publish(0, sequencer.Next(5));
        var late = new Sequence();
        sequencer.AddGatingSequences(late);
        Assert.Equal(4, late.Value);
        Assert.True(sequencer.RemoveGatingSequence(late));
        Assert.False(sequencer.RemoveGatingSequence(late));
    }

    [Fact]
    public void Slots_are_reused_across_many_laps_without_loss()
    {
        var ring = new RingBuffer<long>(Create(8));
        Sequencer sequencer = ring.Sequencer;
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        SequenceBarrier barrier = sequencer.NewBarrier();

        long next = 0;
        for (long value = 0; value < 1000; value += 3)
        {
            long high = sequencer.Next(3);
            for (long s = high - 2; s <= high; s++)
            {
                ring[s] = s * 10;
            }

            sequencer.Publish(high - 2, high);
            Assert.True(barrier.TryWaitFor(next, out long available));
            for (; next <= available; next++)
            {
                Assert.Equal(next * 10, ring[next]);
            }

            consumer.SetValue(available);
        }

        Assert.Equal(1002, next);
    }

    [Fact]
    public void After_shutdown_claims_fail_and_a_waiting_producer_is_released()
    {
        Sequencer sequencer = Create(2);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(0, sequencer.Next(2));

        Exception? failure = null;
        Thread producer = Bounded.Start("producer on a full ring", () => sequencer.Next(), e => failure = e);
        Thread.Sleep(20);
        Assert.True(producer.IsAlive);

        sequencer.Shutdown();
        Bounded.Join(producer);
        Assert.IsType<RingShutdownException>(failure);
        Assert.True(sequencer.IsShutdown);
        Assert.Throws<RingShutdownException>(() => sequencer.Next());
        Assert.False(sequencer.TryNext(out _));
        sequencer.Shutdown(); // idempotent
    }

    [Fact]
    public void Published_slots_are_handed_out_after_shutdown_then_the_barrier_reports_the_end()
    {
        Sequencer sequencer = Create(8);
        SequenceBarrier barrier = sequencer.NewBarrier();
        sequencer.Publish(0, sequencer.Next(3));
        sequencer.Shutdown();

        Assert.True(barrier.TryWaitFor(0, out long available));
        Assert.Equal(2, available);
        Assert.False(barrier.TryWaitFor(3, out _));
    }

    [Fact]
    public void A_consumer_can_follow_another_consumer()
    {
        var ring = new RingBuffer<int>(Create(16));
        Sequencer sequencer = ring.Sequencer;
        var first = new Sequence();
        var second = new Sequence();
        sequencer.AddGatingSequences(second); // the last consumer gates the producer
        SequenceBarrier firstBarrier = sequencer.NewBarrier();
        SequenceBarrier secondBarrier = sequencer.NewBarrier(first);

        long s = sequencer.Next(4);
        sequencer.Publish(s - 3, s);
        Assert.True(firstBarrier.TryWaitFor(0, out long firstAvailable));
        Assert.Equal(3, firstAvailable);

        first.SetValue(1); // the first consumer has done 0 and 1
        Assert.True(secondBarrier.TryWaitFor(0, out long secondAvailable));
        Assert.Equal(1, secondAvailable);
    }

    [Fact]
    public void GetSpans_splits_a_range_that_wraps()
    {
        var ring = new RingBuffer<int>(Create(8));
        for (long s = 5; s <= 10; s++)
        {
            ring[s] = (int)s;
        }

        ring.GetSpans(5, 10, out Span<int> first, out Span<int> second);
        Assert.Equal([5, 6, 7], first.ToArray());
        Assert.Equal([8, 9, 10], second.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.GetSpans(0, 8, out _, out _));
    }
}

public sealed class SingleProducerSequencerTests : SequencerContractTests
{
    protected override Sequencer Create(int bufferSize, WaitStrategy? waitStrategy = null) =>
        new SingleProducerSequencer(bufferSize, waitStrategy);
}

public sealed class MultiProducerSequencerTests : SequencerContractTests
{
    protected override Sequencer Create(int bufferSize, WaitStrategy? waitStrategy = null) =>
        new MultiProducerSequencer(bufferSize, waitStrategy);

    [Fact]
    public void Slots_published_out_of_order_become_readable_only_as_a_gap_free_prefix()
    {
        var sequencer = new MultiProducerSequencer(8);
        SequenceBarrier barrier = sequencer.NewBarrier();
        long a = sequencer.Next();
        long b = sequencer.Next();
        long c = sequencer.Next();

        sequencer.Publish(c);
        Assert.Equal(-1, sequencer.GetHighestPublishedSequence(0, sequencer.Cursor));
        sequencer.Publish(a);
        Assert.Equal(0, sequencer.GetHighestPublishedSequence(0, sequencer.Cursor));
        Assert.True(barrier.TryWaitFor(0, out long available));
        Assert.Equal(0, available);

        sequencer.Publish(b);
        Assert.True(barrier.TryWaitFor(1, out available));
        Assert.Equal(2, available);
    }

    [Fact]
    public void A_claimed_but_unpublished_slot_is_waited_for_and_shutdown_ends_that_wait()
    {
        var sequencer = new MultiProducerSequencer(8);
        SequenceBarrier barrier = sequencer.NewBarrier();
        sequencer.Next(); // claimed, never published

        bool? result = null;
        Exception? failure = null;
        Thread consumer = Bounded.Start("consumer on a claimed slot", () => result = barrier.TryWaitFor(0, out _), e => failure = e);
        Thread.Sleep(20);
        Assert.True(consumer.IsAlive);
        sequencer.Shutdown();
        Bounded.Join(consumer);
        Assert.Null(failure);
        Assert.False(result);
    }
}
