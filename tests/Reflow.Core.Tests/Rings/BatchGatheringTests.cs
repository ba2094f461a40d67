using Reflow.Rings;

namespace Reflow.Tests.Rings;

/// <summary>
/// The adaptive batch-gathering pause (see <see cref="WaitStrategy"/>): it grows while waits end in large batches
/// and falls back to zero when they end with single slots, so ping-pong traffic never pays for it.
/// </summary>
[Collection(RingsCollection.Name)]
public sealed class BatchGatheringTests
{
    [Fact]
    public void Streaming_batches_raise_the_pause_to_its_cap_and_single_slots_lower_it_to_zero()
    {
        var sequencer = new SingleProducerSequencer(64, new BusySpinWaitStrategy(maxGatherSpins: 8));
        var consumed = new Sequence();
        sequencer.AddGatingSequences(consumed);
        SequenceBarrier barrier = sequencer.NewBarrier();
        long wanted = 0;
        bool done = false;
        Exception? failure = null;

        // The consumer always waits for the next slot; the test publishes only while it waits (cursor below
        // what it wants), so every wait ends with exactly the batch the test published.
        Thread consumer = Bounded.Start("consumer", () =>
        {
            while (!Volatile.Read(ref done))
            {
                long next = Volatile.Read(ref wanted);
                if (barrier.TryWaitFor(next, out long available))
                {
                    consumed.SetValue(available);
                    Volatile.Write(ref wanted, available + 1);
                }
            }
        }, e => failure = e);

        void PublishWhileWaiting(int count)
        {
            long next = Volatile.Read(ref wanted);
            Bounded.WaitUntil(() => sequencer.Cursor == next - 1, "the consumer has taken the last batch");
            Thread.Sleep(1); // let it enter the wait; a publish that beats it only skips one adaptation step
            long high = sequencer.Next(count);
            sequencer.Publish(high - count + 1, high);
            Bounded.WaitUntil(() => Volatile.Read(ref wanted) == high + 1, "the consumer has taken the batch");
        }

        for (int i = 0; i < 200 && barrier.GatherSpins < 8; i++)
        {
            PublishWhileWaiting(16);
        }

        Assert.Equal(8, barrier.GatherSpins);

        for (int i = 0; i < 200 && barrier.GatherSpins > 0; i++)
        {
            PublishWhileWaiting(1);
        }

        Assert.Equal(0, barrier.GatherSpins);
        sequencer.Shutdown();
        Volatile.Write(ref done, true);
        Bounded.Join(consumer);
        Assert.Null(failure);
    }

    [Fact]
    public void Blocking_and_disabled_strategies_never_gather()
    {
        foreach (WaitStrategy strategy in new WaitStrategy[] { new BlockingWaitStrategy(), new BusySpinWaitStrategy(maxGatherSpins: 0) })
        {
            var sequencer = new SingleProducerSequencer(64, strategy);
            SequenceBarrier barrier = sequencer.NewBarrier();
            long available = -1;
            Thread consumer = Bounded.Start("consumer", () => barrier.TryWaitFor(0, out available), _ => { });
            Thread.Sleep(5);
            long high = sequencer.Next(32);
            sequencer.Publish(0, high);
            Bounded.Join(consumer);

            Assert.Equal(31, available);
            Assert.Equal(0, barrier.GatherSpins);
        }
    }

    [Fact]
    public void A_negative_cap_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BusySpinWaitStrategy(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpinYieldParkWaitStrategy(maxGatherSpins: -1));
    }
}
