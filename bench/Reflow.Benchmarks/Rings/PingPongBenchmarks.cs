using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Infrastructure;
using Reflow.Rings;

namespace Reflow.Benchmarks.Rings;

/// <summary>
/// Strict ping-pong, one event in flight: the benchmark thread sends on one ring (or channel) and waits for the
/// echo thread's reply on another. One operation is one round trip, so the time column is the mean round-trip
/// latency. It also shows the cross-core latency of the machine the run landed on, which sets every other
/// figure of the run (on the shared 2-vCPU machines it has been seen at ~110 ns and at ~400 ns).
/// </summary>
[Config(typeof(ThroughputConfig))]
public class PingPongBenchmarks
{
    public const int RoundTripsPerInvoke = 1 << 16;

    private SingleProducerSequencer _ping = null!;
    private SingleProducerSequencer _pong = null!;
    private RingBuffer<Slot> _pingRing = null!;
    private RingBuffer<Slot> _pongRing = null!;
    private Sequence _pongConsumed = null!;
    private SequenceBarrier _pongBarrier = null!;
    private Thread? _echoThread;
    private long _roundTrips;

    private Channel<long>? _pingChannel;
    private Channel<long>? _pongChannel;
    private Task? _echoTask;

    [GlobalSetup(Target = nameof(Ring_BusySpin))]
    public void SetupBusySpin() => SetupRings(() => new BusySpinWaitStrategy());

    [GlobalSetup(Target = nameof(Ring_SpinYieldPark))]
    public void SetupSpinYieldPark() => SetupRings(() => new SpinYieldParkWaitStrategy());

    [GlobalSetup(Target = nameof(Channel_Bounded))]
    public void SetupChannels()
    {
        var options = new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true };
        _pingChannel = Channel.CreateBounded<long>(options);
        _pongChannel = Channel.CreateBounded<long>(options);
        _echoTask = Task.Run(async () =>
        {
            await foreach (long value in _pingChannel.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await _pongChannel.Writer.WriteAsync(value + 1).ConfigureAwait(false);
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_echoThread is not null)
        {
            _ping.Shutdown();
            _echoThread.Join();
        }

        if (_echoTask is not null)
        {
            _pingChannel!.Writer.Complete();
            _echoTask.GetAwaiter().GetResult();
        }
    }

    [Benchmark(OperationsPerInvoke = RoundTripsPerInvoke)]
    public long Ring_BusySpin() => RingRoundTrips();

    [Benchmark(OperationsPerInvoke = RoundTripsPerInvoke)]
    public long Ring_SpinYieldPark() => RingRoundTrips();

    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTripsPerInvoke)]
    public async Task<long> Channel_Bounded()
    {
        ChannelWriter<long> writer = _pingChannel!.Writer;
        ChannelReader<long> reader = _pongChannel!.Reader;
        long last = 0;
        for (int i = 0; i < RoundTripsPerInvoke; i++)
        {
            await writer.WriteAsync(i).ConfigureAwait(false);
            last = await reader.ReadAsync().ConfigureAwait(false);
        }

        return last;
    }

    private void SetupRings(Func<WaitStrategy> strategy)
    {
        _ping = new SingleProducerSequencer(16, strategy());
        _pong = new SingleProducerSequencer(16, strategy());
        _pingRing = new RingBuffer<Slot>(_ping);
        _pongRing = new RingBuffer<Slot>(_pong);
        var pingConsumed = new Sequence();
        _pongConsumed = new Sequence();
        _ping.AddGatingSequences(pingConsumed);
        _pong.AddGatingSequences(_pongConsumed);
        SequenceBarrier pingBarrier = _ping.NewBarrier();
        _pongBarrier = _pong.NewBarrier();
        _roundTrips = 0;
        _echoThread = new Thread(() =>
        {
            long next = 0;
            while (pingBarrier.TryWaitFor(next, out long available))
            {
                for (; next <= available; next++)
                {
                    long s = _pong.Next();
                    _pongRing[s].Value = _pingRing[next].Value + 1;
                    _pong.Publish(s);
                }

                pingConsumed.SetValue(available);
            }
        })
        { IsBackground = true, Name = "ring echo" };
        _echoThread.Start();
    }

    private long RingRoundTrips()
    {
        SingleProducerSequencer ping = _ping;
        long next = _roundTrips;
        long last = 0;
        for (int i = 0; i < RoundTripsPerInvoke; i++, next++)
        {
            long s = ping.Next();
            _pingRing[s].Value = i;
            ping.Publish(s);
            _pongBarrier.TryWaitFor(next, out _);
            last = _pongRing[next].Value;
            _pongConsumed.SetValue(next);
        }

        _roundTrips = next;
        return last;
    }
}
