using Reflow.Rings;

namespace Reflow.Tests.Rings;

/// <summary>
/// Millions of events through one ring: no loss, no duplication, and each producer's events in the order it
/// published them. Each event carries (producer, per-producer counter); the consumer checks that every
/// producer's counters arrive as exactly 0, 1, 2, … — a lost, duplicated or reordered event breaks that.
/// </summary>
[Collection(RingsCollection.Name)]
public sealed class ProducerStressTests
{
    private struct Event
    {
        public int Producer;
        public long Counter;
    }

    public enum ClaimStyle
    {
        OneAtATime,
        Batches,
        TryClaim,
    }

    [Theory]
    [InlineData(ClaimStyle.OneAtATime)]
    [InlineData(ClaimStyle.Batches)]
    [InlineData(ClaimStyle.TryClaim)]
    public void Three_producers_move_over_ten_million_events_without_loss_duplication_or_reordering(ClaimStyle style)
    {
        const int Producers = 3;
        const long PerProducer = 3_400_000; // 10.2 M events in all
        var ring = RingBuffer<Event>.CreateMultiProducer(1024);
        long[] received = Run(ring, Producers, PerProducer, style);

        Assert.All(received, count => Assert.Equal(PerProducer, count));
    }

    [Fact]
    public void One_producer_moves_ten_million_events_in_order()
    {
        var ring = RingBuffer<Event>.CreateSingleProducer(1024);
        long[] received = Run(ring, producers: 1, perProducer: 10_000_000, ClaimStyle.OneAtATime);

        Assert.Equal(10_000_000, received[0]);
    }

    private static long[] Run(RingBuffer<Event> ring, int producers, long perProducer, ClaimStyle style)
    {
        Sequencer sequencer = ring.Sequencer;
        var consumed = new Sequence();
        sequencer.AddGatingSequences(consumed);
        SequenceBarrier barrier = sequencer.NewBarrier();
        long total = producers * perProducer;
        var expectedNext = new long[producers];
        string? firstError = null;

        var actions = new List<Action>();
        for (int p = 0; p < producers; p++)
        {
            int producer = p;
            actions.Add(() => Produce(ring, producer, perProducer, style));
        }

        actions.Add(() =>
        {
            long next = 0;
            while (next < total && barrier.TryWaitFor(next, out long available))
            {
                for (; next <= available; next++)
                {
                    ref Event e = ref ring[next];
                    if (e.Counter != expectedNext[e.Producer] && firstError is null)
                    {
                        firstError = $"At sequence {next} producer {e.Producer} sent counter {e.Counter}; expected {expectedNext[e.Producer]}.";
                    }

                    expectedNext[e.Producer] = e.Counter + 1;
                }

                consumed.SetValue(available);
            }

            if (next != total)
            {
                firstError ??= $"The consumer stopped at {next} of {total}.";
            }
        });

        Bounded.Run($"{producers}P1C {style}", actions.ToArray());
        Assert.Null(firstError);
        Assert.Equal(total, sequencer.Cursor + 1);
        return expectedNext;
    }

    private static void Produce(RingBuffer<Event> ring, int producer, long count, ClaimStyle style)
    {
        Sequencer sequencer = ring.Sequencer;
        long counter = 0;
        while (counter < count)
        {
            switch (style)
            {
                case ClaimStyle.OneAtATime:
                {
                    long s = sequencer.Next();
                    ring[s] = new Event { Producer = producer, Counter = counter++ };
                    sequencer.Publish(s);
                    break;
                }

                case ClaimStyle.Batches:
                {
                    int batch = (int)Math.Min(1 + (counter % 37), count - counter); // varying sizes, up to 37
                    long high = sequencer.Next(batch);
                    for (long s = high - batch + 1; s <= high; s++)
                    {
                        ring[s] = new Event { Producer = producer, Counter = counter++ };
                    }

                    sequencer.Publish(high - batch + 1, high);
                    break;
                }

                case ClaimStyle.TryClaim:
                {
                    if (sequencer.TryNext(out long s))
                    {
                        ring[s] = new Event { Producer = producer, Counter = counter++ };
                        sequencer.Publish(s);
                    }
                    else
                    {
                        Thread.Yield(); // full: a non-blocking producer would do other work here
                    }

                    break;
                }
            }
        }
    }
}
