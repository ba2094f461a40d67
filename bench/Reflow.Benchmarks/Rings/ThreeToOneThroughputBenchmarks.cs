using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Infrastructure;
using Reflow.Rings;

namespace Reflow.Benchmarks.Rings;

/// <summary>
/// Three producers, one consumer, 16-byte events: our multi-producer ring with each wait strategy against a
/// bounded and an unbounded multi-writer <see cref="System.Threading.Channels.Channel{T}"/>, in the same run.
/// One operation is one event. Two producers run as thread-pool tasks, the third on the benchmark thread.
/// On the 2-core machines this oversubscribes the cores (four busy threads), which is the point of the
/// non-spinning strategies.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class ThreeToOneThroughputBenchmarks
{
    public const int Producers = 3;
    public const int EventsPerProducer = 1 << 19;
    public const int EventsPerInvoke = Producers * EventsPerProducer;
    public const int BufferSize = 1 << 16;

    private RingBuffer<Slot> _ring = null!;
    private MultiProducerSequencer _sequencer = null!;
    private RingConsumer? _ringConsumer;
    private ChannelPipe? _channel;
    private long _producedThrough = -1;

    [GlobalSetup(Target = nameof(Ring_BusySpin))]
    public void SetupBusySpin() => SetupRing(WaitStrategyKind.BusySpin);

    [GlobalSetup(Target = nameof(Ring_Yielding))]
    public void SetupYielding() => SetupRing(WaitStrategyKind.Yielding);

    [GlobalSetup(Target = nameof(Ring_Sleeping))]
    public void SetupSleeping() => SetupRing(WaitStrategyKind.Sleeping);

    [GlobalSetup(Target = nameof(Ring_Blocking))]
    public void SetupBlocking() => SetupRing(WaitStrategyKind.Blocking);

    [GlobalSetup(Target = nameof(Ring_SpinYieldPark))]
    public void SetupSpinYieldPark() => SetupRing(WaitStrategyKind.SpinYieldPark);

    [GlobalSetup(Target = nameof(Channel_Bounded))]
    public void SetupBoundedChannel() => _channel = new ChannelPipe(BufferSize, singleWriter: false);

    [GlobalSetup(Target = nameof(Channel_Unbounded))]
    public void SetupUnboundedChannel() => _channel = new ChannelPipe(capacity: null, singleWriter: false);

    [GlobalCleanup]
    public void Cleanup()
    {
        _ringConsumer?.Stop();
        _channel?.Stop();
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_BusySpin() => ProduceFromThree();

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_Yielding() => ProduceFromThree();

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_Sleeping() => ProduceFromThree();

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_Blocking() => ProduceFromThree();

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void Ring_SpinYieldPark() => ProduceFromThree();

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke)]
    public Task Channel_Bounded() => ProduceFromThreeIntoChannel();

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public Task Channel_Unbounded() => ProduceFromThreeIntoChannel();

    private void SetupRing(WaitStrategyKind kind)
    {
        _sequencer = new MultiProducerSequencer(BufferSize, WaitStrategyKinds.Create(kind));
        _ring = new RingBuffer<Slot>(_sequencer);
        _ringConsumer = new RingConsumer(_ring);
        _producedThrough = -1;
    }

    private void ProduceFromThree()
    {
        Task first = Task.Run(() => Produce(1));
        Task second = Task.Run(() => Produce(2));
        Produce(0);
        Task.WaitAll(first, second);
        _producedThrough += EventsPerInvoke;
        _ringConsumer!.WaitUntilConsumed(_producedThrough);
    }

    private void Produce(long producer)
    {
        MultiProducerSequencer sequencer = _sequencer;
        RingBuffer<Slot> ring = _ring;
        for (int i = 0; i < EventsPerProducer; i++)
        {
            long s = sequencer.Next();
            ref Slot slot = ref ring[s];
            slot.Value = i;
            slot.Producer = producer;
            sequencer.Publish(s);
        }
    }

    private async Task ProduceFromThreeIntoChannel()
    {
        ChannelPipe channel = _channel!;
        Task first = Task.Run(() => channel.ProduceAsync(EventsPerProducer, producer: 1));
        Task second = Task.Run(() => channel.ProduceAsync(EventsPerProducer, producer: 2));
        await channel.ProduceAsync(EventsPerProducer, producer: 0).ConfigureAwait(false);
        await Task.WhenAll(first, second).ConfigureAwait(false);
        channel.WaitUntilDrained();
    }
}
