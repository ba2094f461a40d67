using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Infrastructure;
using Reflow.Rings;

namespace Reflow.Benchmarks.Rings;

/// <summary>
/// One producer, one consumer, 16-byte events: our ring with each wait strategy against a bounded and an
/// unbounded <see cref="System.Threading.Channels.Channel{T}"/>, in the same run. One operation is one event.
/// The producer is the benchmark thread; the consumer is a long-lived thread (a task for Channels).
/// </summary>
[Config(typeof(ThroughputConfig))]
public class OneToOneThroughputBenchmarks
{
    public const int EventsPerInvoke = 1 << 20;
    public const int BufferSize = 1 << 16;

    private RingBuffer<Slot> _ring = null!;
    private SingleProducerSequencer _sequencer = null!;
    private RingConsumer? _ringConsumer;
    private ChannelPipe? _channel;

    [GlobalSetup(Target = nameof(Ring_BusySpin))]
    public void SetupBusySpin() => SetupRing(WaitStrategyKind.BusySpin);

    [GlobalSetup(Target = nameof(Ring_Yielding))]
    public void SetupYielding() => SetupRing(WaitStrategyKind.Yielding);

    [GlobalSetup(Target = nameof(Ring_Sleeping))]
    public void SetupSleeping() => SetupRing(WaitStrategyKind.Sleeping);

    [GlobalSetup(Target = nameof(Ring_Blocking))]
    public void SetupBlocking() => SetupRing(WaitStrategyKind.Blocking);

    [GlobalSetup(Targets = [nameof(Ring_SpinYieldPark), nameof(Ring_SpinYieldPark_Batch16)])]
    public void SetupSpinYieldPark() => SetupRing(WaitStrategyKind.SpinYieldPark);

    [GlobalSetup(Target = nameof(Channel_Bounded))]
    public void SetupBoundedChannel() => _channel = new ChannelPipe(BufferSize, singleWriter: true);

    [GlobalSetup(Target = nameof(Channel_Unbounded))]
    public void SetupUnboundedChannel() => _channel = new ChannelPipe(capacity: null, singleWriter: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        _ringConsumer?.Stop();
        _channel?.Stop();
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_BusySpin() => ProduceOneAtATime();

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_Yielding() => ProduceOneAtATime();

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_Sleeping() => ProduceOneAtATime();

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_Blocking() => ProduceOneAtATime();

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_SpinYieldPark() => ProduceOneAtATime();

    /// <summary>The default strategy with batch claim and publish (16 slots per claim).</summary>
    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_SpinYieldPark_Batch16()
    {
        const int Batch = 16;
        SingleProducerSequencer sequencer = _sequencer;
        RingBuffer<Slot> ring = _ring;
        long high = 0;
        for (int i = 0; i < EventsPerInvoke; i += Batch)
        {
            high = sequencer.Next(Batch);
            for (long s = high - Batch + 1; s <= high; s++)
            {
                ring[s].Value = s;
            }

            sequencer.Publish(high - Batch + 1, high);
        }

        _ringConsumer!.WaitUntilConsumed(high);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke)]
    public async Task Channel_Bounded()
    {
        await _channel!.ProduceAsync(EventsPerInvoke, producer: 0).ConfigureAwait(false);
        _channel.WaitUntilDrained();
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public async Task Channel_Unbounded()
    {
        await _channel!.ProduceAsync(EventsPerInvoke, producer: 0).ConfigureAwait(false);
        _channel.WaitUntilDrained();
    }

    private void SetupRing(WaitStrategyKind kind)
    {
        _sequencer = new SingleProducerSequencer(BufferSize, WaitStrategyKinds.Create(kind));
        _ring = new RingBuffer<Slot>(_sequencer);
        _ringConsumer = new RingConsumer(_ring);
    }

    private void ProduceOneAtATime()
    {
        // Locals, and the sealed sequencer type: Next and Publish inline, with no virtual call per event.
        SingleProducerSequencer sequencer = _sequencer;
        RingBuffer<Slot> ring = _ring;
        long s = 0;
        for (int i = 0; i < EventsPerInvoke; i++)
        {
            s = sequencer.Next();
            ring[s].Value = i;
            sequencer.Publish(s);
        }

        _ringConsumer!.WaitUntilConsumed(s);
    }
}
