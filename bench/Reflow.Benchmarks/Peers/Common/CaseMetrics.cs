using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;

namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// Figures a benchmark measures itself (latency percentiles, peak memory, bytes per actor, messages per
/// invocation), handed from the BenchmarkDotNet child process that runs the case to the host that prints the
/// summary: the child writes one small file per case into the directory named by <c>REFLOW_BENCH_METRICS</c>
/// (Program.cs sets a fresh one per run; child processes inherit it) and <see cref="CaseMetricColumn"/> reads it.
/// </summary>
/// <remarks>
/// Per-invocation figures are reduced to their median over the invocations (or their maximum for peaks); a
/// latency histogram accumulates over invocations, except that the first invocation (BenchmarkDotNet's jitting
/// run, which also pays the suite's lazy set-up) is dropped when more follow.
/// </remarks>
public sealed class CaseMetrics
{
    /// <summary>The variable naming the directory the files go to.</summary>
    public const string DirectoryVariable = "REFLOW_BENCH_METRICS";

    /// <summary>The metric holding the messages (operations) of one invocation; the rate columns divide by it.</summary>
    public const string Operations = "ops/invoke";

    private readonly string _key;
    private readonly Dictionary<string, List<double>> _medians = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _maxima = new(StringComparer.Ordinal);
    private int _invocations;

    private CaseMetrics(string key) => _key = key;

    /// <summary>Round-trip or end-to-end latencies of this case; see the remarks for what is kept.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>The metrics of <paramref name="method"/> of <paramref name="suite"/> with its current parameter values.</summary>
    public static CaseMetrics For(object suite, string method) => new(KeyOf(suite, method));

    /// <summary>Marks the start of an invocation (drops the first invocation's latencies once a second starts).</summary>
    public void BeginInvocation()
    {
        if (++_invocations == 2)
        {
            Latency.Clear();
        }
    }

    /// <summary>Adds a per-invocation figure, reported as the median over invocations.</summary>
    public void AddMedian(string name, double value) =>
        (_medians.TryGetValue(name, out List<double>? values) ? values : _medians[name] = []).Add(value);

    /// <summary>Adds a per-invocation figure, reported as the maximum over invocations.</summary>
    public void AddMax(string name, double value) =>
        _maxima[name] = _maxima.TryGetValue(name, out double max) ? Math.Max(max, value) : value;

    /// <summary>Writes the figures (and the latency percentiles, when any were recorded) for the host to read.</summary>
    public void Flush()
    {
        string? directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory) || _invocations == 0)
        {
            return;
        }

        var lines = new List<string>();
        foreach ((string name, List<double> values) in _medians)
        {
            values.Sort();
            lines.Add(Line(name, values[values.Count / 2]));
        }

        lines.AddRange(_maxima.Select(m => Line(m.Key, m.Value)));
        if (Latency.Count > 0)
        {
            lines.Add(Line("p50 µs", Latency.PercentileMicroseconds(50)));
            lines.Add(Line("p99 µs", Latency.PercentileMicroseconds(99)));
            lines.Add(Line("p99.9 µs", Latency.PercentileMicroseconds(99.9)));
            lines.Add(Line("max µs", Latency.PercentileMicroseconds(100)));
            lines.Add(Line("samples", Latency.Count));
        }

        Directory.CreateDirectory(directory);
        File.WriteAllLines(PathOf(directory, _key), lines);
    }

    /// <summary>Reads the figures the child wrote for <paramref name="benchmarkCase"/> (empty when none).</summary>
    public static IReadOnlyDictionary<string, double> Read(BenchmarkCase benchmarkCase)
    {
        string? directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        string key = benchmarkCase.Descriptor.Type.Name + "." + benchmarkCase.Descriptor.WorkloadMethod.Name +
            "(" + string.Join(",", benchmarkCase.Parameters.Items.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}")) + ")";
        if (string.IsNullOrEmpty(directory) || !File.Exists(PathOf(directory, key)))
        {
            return values;
        }

        foreach (string line in File.ReadAllLines(PathOf(directory, key)))
        {
            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            values[line[..tab]] = double.Parse(line[(tab + 1)..], CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static string KeyOf(object suite, string method)
    {
        // BenchmarkDotNet runs a generated subclass of the suite: name the suite's own type, as the host does.
        Type type = suite.GetType();
        while (type.Assembly != typeof(CaseMetrics).Assembly && type.BaseType is not null)
        {
            type = type.BaseType;
        }

        IEnumerable<string> parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(ParamsAttribute), inherit: true) || p.IsDefined(typeof(ParamsSourceAttribute), inherit: true))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.GetValue(suite)}");
        return type.Name + "." + method + "(" + string.Join(",", parameters) + ")";
    }

    private static string PathOf(string directory, string key) =>
        Path.Combine(directory, string.Concat(key.Select(c => char.IsLetterOrDigit(c) || c is '.' or '=' or ',' ? c : '_')) + ".tsv");

    private static string Line(string name, double value) => name + "\t" + value.ToString("R", CultureInfo.InvariantCulture);
}
