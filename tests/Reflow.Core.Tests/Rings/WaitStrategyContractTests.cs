using Reflow.Rings;

namespace Reflow.Tests.Rings;

/// <summary>Behaviour every wait strategy must have; one sealed subclass per strategy.</summary>
[Collection(RingsCollection.Name)]
public abstract class WaitStrategyContractTests
{
    protected abstract WaitStrategy Create();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void One_producer_one_consumer_deliver_every_event_in_order(bool multiProducer)
    {
        const int Events = 200_000;
        RingBuffer<long> ring = multiProducer
            ? RingBuffer<long>.CreateMultiProducer(256, Create())
            : RingBuffer<long>.CreateSingleProducer(256, Create());
        Sequencer sequencer = ring.Sequencer;
        var consumed = new Sequence();
        sequencer.AddGatingSequences(consumed);
        SequenceBarrier barrier = sequencer.NewBarrier();
        long received = 0;
        long mismatches = 0;

        Bounded.Run(
            "1P1C",
            () =>
            {
                for (long i = 0; i < Events; i++)
                {
                    long s = sequencer.Next();
                    ring[s] = i * 7;
                    sequencer.Publish(s);
                }
            },
            () =>
            {
                long next = 0;
                while (next < Events && barrier.TryWaitFor(next, out long available))
                {
                    for (; next <= available; next++)
                    {
                        mismatches += ring[next] == next * 7 ? 0 : 1;
                        received++;
                    }

                    consumed.SetValue(available);
                }
            });

        Assert.Equal(Events, received);
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Ping_pong_between_two_rings_never_loses_a_wake_up()
    {
        // Each side waits for the other on every message, so a consumer is (about to be) parked at almost every
        // publish: the case where a missed signal would hang.
        const int RoundTrips = 10_000;
        var ping = RingBuffer<long>.CreateSingleProducer(4, Create());
        var pong = RingBuffer<long>.CreateSingleProducer(4, Create());
        var pingConsumed = new Sequence();
        var pongConsumed = new Sequence();
        ping.Sequencer.AddGatingSequences(pingConsumed);
        pong.Sequencer.AddGatingSequences(pongConsumed);
        SequenceBarrier pingBarrier = ping.Sequencer.NewBarrier();
        SequenceBarrier pongBarrier = pong.Sequencer.NewBarrier();
        long lastReply = -1;

        Bounded.Run(
            "ping-pong",
            () =>
            {
                for (long i = 0; i < RoundTrips; i++)
                {
                    long s = ping.Sequencer.Next();
                    ping[s] = i;
                    ping.Sequencer.Publish(s);
                    Assert.True(pongBarrier.TryWaitFor(i, out _));
                    lastReply = pong[i];
                    pongConsumed.SetValue(i);
                }
            },
            () =>
            {
                for (long i = 0; i < RoundTrips; i++)
                {
                    Assert.True(pingBarrier.TryWaitFor(i, out _));
                    long value = ping[i];
                    pingConsumed.SetValue(i);
                    long s = pong.Sequencer.Next();
                    pong[s] = value + 1;
                    pong.Sequencer.Publish(s);
                }
            });

        Assert.Equal(RoundTrips, lastReply);
    }

    [Fact]
    public void Shutdown_wakes_a_consumer_waiting_on_an_empty_ring()
    {
        var sequencer = new SingleProducerSequencer(8, Create());
        SequenceBarrier barrier = sequencer.NewBarrier();
        bool? result = null;
        Exception? failure = null;
        Thread consumer = Bounded.Start("waiting consumer", () => result = barrier.TryWaitFor(0, out _), e => failure = e);

        Thread.Sleep(100); // long enough for a parking strategy to have parked
        Assert.True(consumer.IsAlive);
        sequencer.Shutdown();
        Bounded.Join(consumer);
        Assert.Null(failure);
        Assert.False(result);
    }

    [Fact]
    public void Shutdown_wakes_every_consumer_and_every_producer()
    {
        var sequencer = new MultiProducerSequencer(2, Create());
        var consumed = new Sequence();
        sequencer.AddGatingSequences(consumed);
        SequenceBarrier barrier = sequencer.NewBarrier(); // consumers wait for sequence 10: never published
        sequencer.Publish(0, sequencer.Next(2)); // ring full: producers block

        int ended = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception?>();
        var threads = new List<Thread>();
        for (int i = 0; i < 3; i++)
        {
            threads.Add(Bounded.Start($"consumer {i}", () => Assert.False(barrier.TryWaitFor(10, out _)), e => { failures.Enqueue(e); Interlocked.Increment(ref ended); }));
            threads.Add(Bounded.Start($"producer {i}", () => sequencer.Next(), e => { failures.Enqueue(e); Interlocked.Increment(ref ended); }));
        }

        Thread.Sleep(100);
        Assert.Equal(0, Volatile.Read(ref ended));
        sequencer.Shutdown();
        threads.ForEach(Bounded.Join);

        Assert.Equal(6, failures.Count);
        Assert.Equal(3, failures.Count(f => f is null)); // consumers: returned false
        Assert.Equal(3, failures.Count(f => f is RingShutdownException)); // producers: told the ring is shut down
    }

    [Fact]
    public void Cancellation_ends_a_wait_with_OperationCanceledException()
    {
        var sequencer = new SingleProducerSequencer(8, Create());
        SequenceBarrier barrier = sequencer.NewBarrier();
        using var cancellation = new CancellationTokenSource();
        Exception? failure = null;
        Thread consumer = Bounded.Start("cancelled consumer", () => barrier.TryWaitFor(0, out _, cancellation.Token), e => failure = e);

        Thread.Sleep(100);
        Assert.True(consumer.IsAlive);
        cancellation.Cancel();
        Bounded.Join(consumer);
        Assert.IsType<OperationCanceledException>(failure);
        Assert.False(sequencer.IsShutdown);
    }

    [Fact]
    public void A_consumer_following_another_consumer_sees_its_progress()
    {
        const int Events = 50_000;
        var ring = RingBuffer<long>.CreateSingleProducer(64, Create());
        Sequencer sequencer = ring.Sequencer;
        var first = new Sequence();
        var second = new Sequence();
        sequencer.AddGatingSequences(second);
        SequenceBarrier firstBarrier = sequencer.NewBarrier();
        SequenceBarrier secondBarrier = sequencer.NewBarrier(first);
        long sum = 0;

        Bounded.Run(
            "pipeline on one ring",
            () =>
            {
                for (long i = 0; i < Events; i++)
                {
                    long s = sequencer.Next();
                    ring[s] = i;
                    sequencer.Publish(s);
                }
            },
            () =>
            {
                long next = 0;
                while (next < Events && firstBarrier.TryWaitFor(next, out long available))
                {
                    for (; next <= available; next++)
                    {
                        ring[next] += 1; // the first stage edits in place
                    }

                    first.SetValue(available);
                }
            },
            () =>
            {
                long next = 0;
                while (next < Events && secondBarrier.TryWaitFor(next, out long available))
                {
                    for (; next <= available; next++)
                    {
                        sum += ring[next];
                    }

                    second.SetValue(available);
                }
            });

        Assert.Equal((long)Events * (Events - 1) / 2 + Events, sum);
    }
}

public sealed class BusySpinWaitStrategyTests : WaitStrategyContractTests
{
    protected override WaitStrategy Create() => new BusySpinWaitStrategy();
}

public sealed class YieldingWaitStrategyTests : WaitStrategyContractTests
{
    protected override WaitStrategy Create() => new YieldingWaitStrategy();
}

public sealed class SleepingWaitStrategyTests : WaitStrategyContractTests
{
    protected override WaitStrategy Create() => new SleepingWaitStrategy();
}

public sealed class BlockingWaitStrategyTests : WaitStrategyContractTests
{
    protected override WaitStrategy Create() => new BlockingWaitStrategy();
}

public sealed class SpinYieldParkWaitStrategyTests : WaitStrategyContractTests
{
    protected override WaitStrategy Create() => new SpinYieldParkWaitStrategy();

    [Fact]
    public void An_idle_consumer_parks_and_is_woken_by_a_publish()
    {
        var strategy = new SpinYieldParkWaitStrategy(spinIterations: 10, yieldIterations: 10);
        var sequencer = new SingleProducerSequencer(8, strategy);
        SequenceBarrier barrier = sequencer.NewBarrier();
        long available = -5;
        Exception? failure = null;
        Thread consumer = Bounded.Start("parking consumer", () => barrier.TryWaitFor(0, out available), e => failure = e);

        Bounded.WaitUntil(() => strategy.ParkedWaiters == 1, "the consumer has parked");
        sequencer.Publish(sequencer.Next());
        Bounded.Join(consumer);
        Assert.Null(failure);
        Assert.Equal(0, available);
        Assert.Equal(0, strategy.ParkedWaiters);
    }
}
