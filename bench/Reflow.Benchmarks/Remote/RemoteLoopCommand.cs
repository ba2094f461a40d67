using System.Globalization;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Distributed;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// <c>-- remote-loop system workload [messages] [rounds]</c>: one B13 system's workload run round after round in this
/// process, without BenchmarkDotNet — for a profiler (<c>dotnet-trace</c> attaches to one long-lived process) and for
/// quick side-by-side checks while tuning. The figures are B13's (<see cref="RemoteRuns"/>: edge msg/s from first to
/// last arrival, one-way latency percentiles); the report's figures come from <c>bench/report.sh</c>, not from here.
/// Systems: <c>reflow</c>, <c>reflow-unbatched</c>, <c>reflow-alo</c>, <c>proto</c>, <c>akka</c>.
/// </summary>
internal static class RemoteLoopCommand
{
    /// <summary>The command's name, the first argument.</summary>
    public const string Name = "remote-loop";

    /// <summary>Runs the rounds and prints one line each; 0 on success, 2 on bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2)
        {
            error.WriteLine($"usage: {Name} reflow|reflow-unbatched|reflow-alo|proto|akka throughput|latency|back-to-back [messages] [rounds]");
            return 2;
        }

        string workload = RemoteWorkload.Check(args[1]);
        bool throughput = workload == RemoteWorkload.Throughput;
        long messages = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : throughput ? 1_000_000 : 2_000;
        int rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        IRemotePeer? peer = args[0] switch
        {
            "reflow" => await ReflowRemotePeer.StartAsync(ReflowRemotePeer.Batched).ConfigureAwait(false),
            "reflow-unbatched" => await ReflowRemotePeer.StartAsync(ReflowRemotePeer.Unbatched).ConfigureAwait(false),
            "reflow-alo" => await ReflowRemotePeer.StartAsync(ReflowRemotePeer.Batched, DeliveryMode.AtLeastOnce).ConfigureAwait(false),
            "proto" => await ProtoRemotePeer.StartAsync().ConfigureAwait(false),
            "akka" => AkkaRemotePeer.Start(),
            _ => null,
        };
        if (peer is null)
        {
            error.WriteLine($"{Name}: unknown system '{args[0]}'; expected reflow, reflow-unbatched, reflow-alo, proto or akka.");
            return 2;
        }

        await using (peer.ConfigureAwait(false))
        {
            for (int round = 0; round < rounds; round++)
            {
                if (throughput)
                {
                    double rate = await RemoteRuns.ThroughputAsync(peer, messages, Name).ConfigureAwait(false);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[0]} round {round}: {rate:N0} edge msg/s"));
                }
                else
                {
                    var h = new LatencyHistogram();
                    await RemoteRuns.LatencyAsync(peer, (int)messages, h, Name, pause: workload == RemoteWorkload.Latency).ConfigureAwait(false);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{args[0]} round {round}: p50 {h.PercentileMicroseconds(50):F1} µs, p99 {h.PercentileMicroseconds(99):F1} µs, max {h.PercentileMicroseconds(100):F1} µs ({h.Count} samples)"));
                }
            }
        }

        return 0;
    }
}
