using System.Text.Json;
using Reflow.Cli.Running;

namespace Reflow.Cli.Benchmarking;

/// <summary>The report of <c>reflow bench</c>: throughput (median, min, max over runs) and latency percentiles (p50, p99, p99.9, max).</summary>
internal sealed class BenchReport(BenchSettings settings, string graph, string? inPort, string? outPort, string? latencyGap)
{
    public void Write(TextWriter output, IReadOnlyList<BenchRun> runs)
    {
        var throughput = new Percentiles(runs.Select(r => r.ItemsPerSecond));
        bool fed = inPort is not null;
        var latency = fed
            ? new Percentiles(runs.SelectMany(r => r.LatenciesNs))
            : new Percentiles(runs.Select(r => r.Elapsed.TotalMilliseconds * 1e6));
        string what = fed ? $"{settings.Messages:N0} messages {inPort} → {outPort}" : "source-driven run";
        string latencyName = fed ? "latency (send → read" + (settings.Rate is { } rate ? $", paced at {Units.Rate(rate)} msg/s)" : ", full load)") : "run time";

        if (settings.Format == OutputFormat.Json)
        {
            output.WriteLine(RunReport.Json(w =>
            {
                w.WriteString("graph", graph);
                w.WriteNumber("runs", runs.Count);
                w.WriteNumber("warmup", settings.Warmup);
                w.WriteString("mode", fed ? "fed" : "sources");
                if (fed)
                {
                    w.WriteNumber("messagesPerRun", settings.Messages);
                }

                w.WriteStartObject("throughput");
                w.WriteNumber("median", Math.Round(throughput.At(0.5), 1));
                w.WriteNumber("min", Math.Round(throughput.Min, 1));
                w.WriteNumber("max", Math.Round(throughput.Max, 1));
                w.WriteEndObject();
                WriteLatency(w, fed ? "latencyNs" : "runTimeNs", latency);
                if (latencyGap is not null)
                {
                    w.WriteString("latencyUnavailable", latencyGap);
                }
            }));
            return;
        }

        output.WriteLine($"bench {graph}: {runs.Count} runs × {what} ({settings.Warmup} warm-up run(s) not counted)");
        output.WriteLine($"throughput  median {Units.Rate(throughput.At(0.5))} msg/s   min {Units.Rate(throughput.Min)}   max {Units.Rate(throughput.Max)}");
        if (latency.Count == 0)
        {
            output.WriteLine($"latency     not measured: {latencyGap}");
            return;
        }

        output.WriteLine($"{latencyName}: p50 {Units.Nanoseconds(latency.At(0.5))}   p99 {Units.Nanoseconds(latency.At(0.99))}   p99.9 {Units.Nanoseconds(latency.At(0.999))}   max {Units.Nanoseconds(latency.Max)}   ({latency.Count:N0} samples)");
    }

    private static void WriteLatency(Utf8JsonWriter w, string name, Percentiles latency)
    {
        w.WriteStartObject(name);
        if (latency.Count > 0)
        {
            w.WriteNumber("p50", Math.Round(latency.At(0.5)));
            w.WriteNumber("p99", Math.Round(latency.At(0.99)));
            w.WriteNumber("p999", Math.Round(latency.At(0.999)));
            w.WriteNumber("max", Math.Round(latency.Max));
            w.WriteNumber("samples", latency.Count);
        }

        w.WriteEndObject();
    }
}
