using System.Runtime.CompilerServices;
using Reflow.Rings;

namespace Reflow.Tests.Rings;

/// <summary>After warm-up, moving events through a ring allocates nothing on either side.</summary>
[Collection(RingsCollection.Name)]
public sealed class RingAllocationTests
{
    public static TheoryData<string> Configurations() => new() { "single/default", "multi/default", "single/blocking", "multi/busy-spin" };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Producer_and_consumer_allocate_zero_bytes_per_event_after_warm_up(string configuration)
    {
        const int WarmUp = 200_000;
        const int Measured = 1_000_000;
        RingBuffer<long> ring = Create(configuration);
        Sequencer sequencer = ring.Sequencer;
        var consumed = new Sequence();
        sequencer.AddGatingSequences(consumed);
        SequenceBarrier barrier = sequencer.NewBarrier();
        long producerBytes = -1;
        long consumerBytes = -1;
        long sum = 0;

        Bounded.Run(
            "allocation",
            () =>
            {
                Produce(ring, 0, WarmUp);
                long before = GC.GetAllocatedBytesForCurrentThread();
                Produce(ring, WarmUp, Measured);
                producerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            },
            () =>
            {
                long next = Consume(ring, barrier, consumed, 0, WarmUp, ref sum);
                long before = GC.GetAllocatedBytesForCurrentThread();
                Consume(ring, barrier, consumed, next, WarmUp + Measured, ref sum);
                consumerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            });

        Assert.Equal(0, producerBytes);
        Assert.Equal(0, consumerBytes);
        Assert.Equal((long)(WarmUp + Measured) * (WarmUp + Measured - 1) / 2, sum);
    }

    private static RingBuffer<long> Create(string configuration) => configuration switch
    {
        "single/default" => RingBuffer<long>.CreateSingleProducer(1024),
        "multi/default" => RingBuffer<long>.CreateMultiProducer(1024),
        "single/blocking" => RingBuffer<long>.CreateSingleProducer(1024, new BlockingWaitStrategy()),
        "multi/busy-spin" => RingBuffer<long>.CreateMultiProducer(1024, new BusySpinWaitStrategy()),
        _ => throw new ArgumentOutOfRangeException(nameof(configuration)),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Produce(RingBuffer<long> ring, long from, long count)
    {
        Sequencer sequencer = ring.Sequencer;
        for (long i = from; i < from + count; i++)
        {
            long s = sequencer.Next();
            ring[s] = i;
            sequencer.Publish(s);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Consume(RingBuffer<long> ring, SequenceBarrier barrier, Sequence consumed, long next, long end, ref long sum)
    {
        while (next < end && barrier.TryWaitFor(next, out long available))
        {
            long last = Math.Min(available, end - 1);
            for (; next <= last; next++)
            {
                sum += ring[next];
            }

            consumed.SetValue(last);
        }

        return next;
    }
}
