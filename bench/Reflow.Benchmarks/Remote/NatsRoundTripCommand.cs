using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// <c>-- nats-floor</c>: what bare NATS costs on this machine, measured the way B13 measures Reflow's edge, for the
/// B13 report's "where the time goes": a nats-server of the benchmark's own (<see cref="BenchNatsServer"/>, JetStream
/// on), two connections, and one at a time with a 1 ms pause after each arrival — the one-way latency of a core
/// publish to a subscriber, the round trip of a request and its reply (and again with no pause: the least time a credit
/// window takes to come back, so a window's worth of messages per such round trip is the most one edge can carry), and
/// the round trip of a JetStream publish and its PubAck (an 8-byte frame, and a frame the size of a full batch of 1024 integers); then how many frames per
/// second core NATS carries from one publisher to one subscriber with nothing else (8 bytes and batch-sized); the same
/// one-way latency with no pause (each message sent as soon as the previous one arrived: no thread has gone idle); and
/// B13's throughput workload on Reflow's at-most-once edge (capacity 1024) with batches capped below the capacity, to
/// show what one frame in flight at a time costs.
/// </summary>
internal static class NatsRoundTripCommand
{
    /// <summary>The command's name, the first argument.</summary>
    public const string Name = "nats-floor";

    // The payload of a Batch frame of 1024 small Integers (its header plus ~9 bytes a message), near enough.
    private const int BatchFrameBytes = 9 * 1024 + 27;

    /// <summary>Runs the measurements and prints them; 0 on success.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        int samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
        await using BenchNatsServer server = await BenchNatsServer.StartAsync(jetStream: true).ConfigureAwait(false);
        var options = new NatsOpts { Url = server.Url, SubPendingChannelFullMode = BoundedChannelFullMode.Wait };
        await using var a = new NatsConnection(options);
        await using var b = new NatsConnection(options);
        await a.ConnectAsync().ConfigureAwait(false);
        await b.ConnectAsync().ConfigureAwait(false);
        output.WriteLine($"nats-server {server.Url}, {samples} samples each (first tenth dropped), 1 ms pause after each arrival");
        Print(output, "core publish -> subscriber, one-way, 8 B", await OneWayAsync(a, b, samples, pause: true).ConfigureAwait(false));
        Print(output, "core publish -> subscriber, one-way, 8 B, no pause", await OneWayAsync(a, b, samples, pause: false).ConfigureAwait(false));
        Print(output, "request -> reply round trip, 8 B", await RequestReplyAsync(a, b, samples, pause: true).ConfigureAwait(false));
        LatencyHistogram busy = await RequestReplyAsync(a, b, samples, pause: false).ConfigureAwait(false);
        Print(output, "request -> reply round trip, 8 B, no pause", busy);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"so a window of {RemoteWorkload.Window} messages carries at most {RemoteWorkload.Window / (busy.PercentileMicroseconds(50) / 1e6):N0} msg/s here: a window's worth per round trip (p50), with no work at either end"));
        var js = new NatsJSContext(a);
        await js.CreateStreamAsync(new StreamConfig("FLOOR", ["floor.js"]) { Storage = StreamConfigStorage.File }).ConfigureAwait(false);
        Print(output, "JetStream publish -> PubAck round trip, 8 B", await PubAckAsync(js, 8, samples).ConfigureAwait(false));
        Print(output, $"JetStream publish -> PubAck round trip, {BatchFrameBytes} B", await PubAckAsync(js, BatchFrameBytes, samples).ConfigureAwait(false));
        output.WriteLine($"JetStream PubAck one after another, {BatchFrameBytes} B: {await PubAckRateAsync(js, BatchFrameBytes, 3_000).ConfigureAwait(false):N0} frames/s");
        foreach (int size in (int[])[8, BatchFrameBytes])
        {
            double rate = await FloodAsync(a, b, size, size == 8 ? 2_000_000 : 100_000).ConfigureAwait(false);
            output.WriteLine($"core publish -> one subscriber, {size} B frames: {rate:N0} frames/s ({rate * size / 1e6:N0} MB/s)");
        }

        foreach (int maxBatch in (int[])[1024, 512, 256])
        {
            await using IRemotePeer peer = await ReflowRemotePeer.StartAsync(maxBatch).ConfigureAwait(false);
            var rates = new List<string>();
            for (int round = 0; round < 4; round++)
            {
                var tally = new ThroughputTally(1_000_000);
                await peer.ThroughputAsync(tally, CancellationToken.None).ConfigureAwait(false);
                tally.Verify("nats-floor edge");
                if (round > 0) // the first one warms up
                {
                    rates.Add(((tally.Expected - 1) / tally.Seconds).ToString("N0", CultureInfo.InvariantCulture));
                }
            }

            output.WriteLine($"Reflow edge, at-most-once, capacity 1024, MaxBatch {maxBatch}: edge msg/s {string.Join(", ", rates)}");
        }

        return 0;
    }

    private static async Task<LatencyHistogram> OneWayAsync(NatsConnection a, NatsConnection b, int samples, bool pause)
    {
        var histogram = new LatencyHistogram();
        await using INatsSub<long> sub = await b.SubscribeCoreAsync<long>("floor.oneway").ConfigureAwait(false);
        await b.PingAsync().ConfigureAwait(false);
        for (int i = 0; i < samples; i++)
        {
            await a.PublishAsync("floor.oneway", Stopwatch.GetTimestamp()).ConfigureAwait(false);
            NatsMsg<long> msg = await sub.Msgs.ReadAsync().ConfigureAwait(false);
            Record(histogram, i, samples, Stopwatch.GetTimestamp() - msg.Data);
            if (pause)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
        }

        return histogram;
    }

    private static async Task<LatencyHistogram> RequestReplyAsync(NatsConnection a, NatsConnection b, int samples, bool pause)
    {
        var histogram = new LatencyHistogram();
        await using INatsSub<long> sub = await b.SubscribeCoreAsync<long>("floor.echo").ConfigureAwait(false);
        Task echo = Task.Run(async () =>
        {
            await foreach (NatsMsg<long> msg in sub.Msgs.ReadAllAsync().ConfigureAwait(false))
            {
                await msg.ReplyAsync(msg.Data).ConfigureAwait(false);
            }
        });
        await b.PingAsync().ConfigureAwait(false);
        for (int i = 0; i < samples; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await a.RequestAsync<long, long>("floor.echo", start).ConfigureAwait(false);
            Record(histogram, i, samples, Stopwatch.GetTimestamp() - start);
            if (pause)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
        }

        await sub.UnsubscribeAsync().ConfigureAwait(false);
        await echo.ConfigureAwait(false);
        return histogram;
    }

    private static async Task<LatencyHistogram> PubAckAsync(NatsJSContext js, int size, int samples)
    {
        var histogram = new LatencyHistogram();
        byte[] frame = new byte[size];
        for (int i = 0; i < samples; i++)
        {
            long start = Stopwatch.GetTimestamp();
            PubAckResponse ack = await js.PublishAsync("floor.js", frame).ConfigureAwait(false);
            ack.EnsureSuccess();
            Record(histogram, i, samples, Stopwatch.GetTimestamp() - start);
            await Task.Delay(1).ConfigureAwait(false);
        }

        return histogram;
    }

    private static async Task<double> PubAckRateAsync(NatsJSContext js, int size, int frames)
    {
        byte[] frame = new byte[size];
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < frames; i++)
        {
            (await js.PublishAsync("floor.js", frame).ConfigureAwait(false)).EnsureSuccess();
        }

        return frames / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task<double> FloodAsync(NatsConnection a, NatsConnection b, int size, int frames)
    {
        string subject = "floor.flood." + size.ToString(CultureInfo.InvariantCulture);
        byte[] frame = new byte[size];
        await using INatsSub<NatsMemoryOwner<byte>> sub = await b.SubscribeCoreAsync(subject, serializer: NatsRawSerializer<NatsMemoryOwner<byte>>.Default).ConfigureAwait(false);
        await b.PingAsync().ConfigureAwait(false);
        long first = 0;
        Task<long> receive = Task.Run(async () =>
        {
            for (int i = 0; i < frames; i++)
            {
                NatsMsg<NatsMemoryOwner<byte>> msg = await sub.Msgs.ReadAsync().ConfigureAwait(false);
                msg.Data.Dispose();
                if (i == 0)
                {
                    first = Stopwatch.GetTimestamp();
                }
            }

            return Stopwatch.GetTimestamp();
        });
        for (int i = 0; i < frames; i++)
        {
            await a.PublishAsync(subject, (ReadOnlyMemory<byte>)frame, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default).ConfigureAwait(false);
        }

        long last = await receive.WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        return (frames - 1) / Stopwatch.GetElapsedTime(first, last).TotalSeconds;
    }

    private static void Record(LatencyHistogram histogram, int i, int samples, long ticks)
    {
        if (i >= samples / 10)
        {
            histogram.Record(ticks);
        }
    }

    private static void Print(TextWriter output, string what, LatencyHistogram histogram) => output.WriteLine(
        $"{what}: p50 {histogram.PercentileMicroseconds(50):F1} µs, p99 {histogram.PercentileMicroseconds(99):F1} µs, max {histogram.PercentileMicroseconds(100):F1} µs ({histogram.Count} samples)");
}
