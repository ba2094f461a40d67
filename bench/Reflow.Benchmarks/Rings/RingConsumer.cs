using Reflow.Rings;

namespace Reflow.Benchmarks.Rings;

/// <summary>
/// A consumer thread that lives for a whole benchmark: it drains the ring in batches, sums the values, and
/// publishes its progress so the producer side can wait for "everything consumed" at the end of an operation.
/// </summary>
internal sealed class RingConsumer
{
    private readonly RingBuffer<Slot> _ring;
    private readonly SequenceBarrier _barrier;
    private readonly Thread _thread;
    private long _sum;

    public RingConsumer(RingBuffer<Slot> ring)
    {
        _ring = ring;
        Consumed = new Sequence();
        ring.Sequencer.AddGatingSequences(Consumed);
        _barrier = ring.Sequencer.NewBarrier();
        _thread = new Thread(Run) { IsBackground = true, Name = "ring consumer" };
        _thread.Start();
    }

    public Sequence Consumed { get; }

    public long Sum => Volatile.Read(ref _sum);

    /// <summary>Waits until the consumer has taken everything up to <paramref name="sequence"/>.</summary>
    public void WaitUntilConsumed(long sequence)
    {
        var spinner = new SpinWait();
        while (Consumed.Value < sequence)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    public void Stop()
    {
        _ring.Sequencer.Shutdown();
        _thread.Join();
    }

    private void Run()
    {
        long next = 0;
        long sum = 0;
        while (_barrier.TryWaitFor(next, out long available))
        {
            for (; next <= available; next++)
            {
                sum += _ring[next].Value;
            }

            Consumed.SetValue(available);
        }

        Volatile.Write(ref _sum, sum);
    }
}
