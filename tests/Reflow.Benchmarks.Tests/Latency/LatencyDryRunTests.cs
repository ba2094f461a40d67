using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Peers;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.Tests.Latency;

/// <summary>
/// Every case of the latency suites (B3, B4, B5 per fan shape; every system; every load) as BenchmarkDotNet's dry job
/// calls it — the method twice, then the clean-up — with a tiny calibration and a few milliseconds of pacing: each run
/// fails unless every message reached the sink once with the right sum, and the figures the case hands to the report
/// (p50/p99/p99.9/max, the paced and the maximum rate, samples) must be there and consistent with its load.
/// </summary>
public sealed class LatencyDryRunTests
{
    private static readonly int[] s_loads = [10, 25, 50, 75, 90];

    public static TheoryData<string, string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, string, int>();
        foreach (Type suite in new[] { typeof(B3TwoStageLatency), typeof(B4TenStageLatency), typeof(B5FanOutFanInLatency) })
        {
            string[] fans = suite == typeof(B5FanOutFanInLatency) ? [.. Enum.GetNames<FanShape>()] : ["-"];
            foreach (string fan in fans)
            {
                foreach (string method in Methods(suite))
                {
                    foreach (int load in s_loads)
                    {
                        cases.Add(suite.Name, fan, method, load);
                    }
                }
            }
        }

        return cases;
    }

    [Fact]
    public void TheLoadsAndShapesAreTheSuitesParameters()
    {
        PropertyInfo load = typeof(LatencySuite).GetProperty(nameof(LatencySuite.Load))!;
        PropertyInfo fan = typeof(B5FanOutFanInLatency).GetProperty(nameof(B5FanOutFanInLatency.Fan))!;

        Assert.Equal(s_loads.Cast<object>(), load.GetCustomAttribute<ParamsAttribute>()!.Values);
        Assert.Equal(Enum.GetValues<FanShape>().Cast<object>(), fan.GetCustomAttribute<ParamsAttribute>()!.Values);
        Assert.Equal(["Akka", "Channels", "Dataflow", "ProtoActor", "Reflow"], Methods(typeof(B5FanOutFanInLatency)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CaseRunsTwiceAndReportsItsCurvePoint(string suiteName, string fan, string method, int load)
    {
        Type type = typeof(LatencySuite).Assembly.GetType("Reflow.Benchmarks.Peers." + suiteName, throwOnError: true)!;
        var suite = (LatencySuite)Activator.CreateInstance(type)!;
        suite.Load = load;
        suite.PacedSeconds = 0.005;
        suite.CalibrationMessages = 16_000;
        if (suite is B5FanOutFanInLatency fanned)
        {
            fanned.Fan = Enum.Parse<FanShape>(fan);
        }

        string directory = Path.Combine(Path.GetTempPath(), $"reflow-latency-dry-{Environment.ProcessId}-{Guid.NewGuid():N}");
        string? before = Environment.GetEnvironmentVariable(CaseMetrics.DirectoryVariable);
        Environment.SetEnvironmentVariable(CaseMetrics.DirectoryVariable, directory);
        try
        {
            for (int i = 0; i < 2; i++)
            {
                await ((Task)type.GetMethod(method)!.Invoke(suite, null)!).WaitAsync(TimeSpan.FromMinutes(2));
            }

            suite.Cleanup();
            Dictionary<string, double> figures = ReadFigures(directory, $"{suiteName}.{method}(");
            foreach (string name in new[] { "p50 µs", "p99 µs", "p99.9 µs", "max µs", "samples", "rate M/s", "max M/s", "producer late ms", CaseMetrics.Operations })
            {
                Assert.True(figures.ContainsKey(name), $"{suiteName}.{method} at {load} % reported no '{name}'");
            }

            Assert.Equal(figures["max M/s"] * load / 100, figures["rate M/s"], 9);
            Assert.Equal(figures[CaseMetrics.Operations], figures["samples"]); // the second invocation's arrivals, the first dropped
            Assert.True(figures["p50 µs"] <= figures["p99 µs"] && figures["p99 µs"] <= figures["p99.9 µs"] && figures["p99.9 µs"] <= figures["max µs"],
                $"percentiles out of order: {string.Join(", ", figures.Select(f => $"{f.Key}={f.Value}"))}");
        }
        finally
        {
            Environment.SetEnvironmentVariable(CaseMetrics.DirectoryVariable, before);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static string[] Methods(Type suite) =>
        [.. suite.GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))).Select(m => m.Name).Order(StringComparer.Ordinal)];

    /// <summary>The figures of the one case file written for <paramref name="prefix"/> (file names keep letters, digits and '.').</summary>
    private static Dictionary<string, double> ReadFigures(string directory, string prefix)
    {
        string expected = string.Concat(prefix.Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : '_'));
        string file = Assert.Single(Directory.GetFiles(directory, expected + "*.tsv"));
        return File.ReadAllLines(file).Select(line => line.Split('\t')).ToDictionary(
            parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }
}
