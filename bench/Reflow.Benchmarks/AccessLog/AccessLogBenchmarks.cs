using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Peers.Common;

namespace Reflow.Benchmarks.AccessLog;

/// <summary>
/// Issue 15's log job at 200 000 and 2 000 000 lines (full scale): responses by status, the five most requested paths,
/// total bytes and malformed lines of a generated access log (<see cref="AccessLogGenerator"/>, made once per size by
/// <see cref="AccessLogFiles"/>), through the hand-written loop (<see cref="AccessLogLoop"/>, the baseline) and through
/// the graph file <c>examples/access-log/access-log.json</c> (<see cref="AccessLogGraph"/>: loaded once per case, a
/// fresh network per invocation, so start-up is in its time). Every invocation checks its answers against the loop's.
/// </summary>
/// <remarks>
/// Targets (issue 15): the graph within 1.5× the loop's time at 2 M lines, its process peak at most 200 MB and flat
/// from 200 k to 2 M lines. <c>bench/access_log_table.py</c> tabulates them over interleaved rounds.
/// </remarks>
[Config(typeof(AccessLogConfig))]
public class AccessLogBenchmarks
{
    private readonly Dictionary<string, CaseMetrics> _metrics = new(StringComparer.Ordinal);
    private string _log = "";
    private IReadOnlyList<string> _expected = [];
    private AccessLogGraph? _graph;

    /// <summary>Lines of the log.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Lines { get; set; }

    /// <summary>The sizes at the current <see cref="BenchScale"/>.</summary>
    public static IEnumerable<int> Sizes => BenchScale.Pick<int[]>([200_000, 2_000_000], [20_000, 200_000], [2_000, 20_000]);

    [GlobalSetup(Target = nameof(HandLoop))]
    public void SetUpLoop() => (_log, _expected) = AccessLogFiles.Ensure(Lines);

    [GlobalSetup(Target = nameof(Graph))]
    public void SetUpGraph()
    {
        (_log, _expected) = AccessLogFiles.Ensure(Lines);
        string graph = AccessLogGraph.DefaultPath() ?? throw new InvalidOperationException("The access-log graph file does not exist (the config should have skipped this case).");
        _graph = new AccessLogGraph(graph, _log);
    }

    [Benchmark(Baseline = true)]
    public void HandLoop()
    {
        CaseMetrics metrics = Begin(nameof(HandLoop));
        var memory = new MemorySampler();
        AccessLogAnswers answers;
        try
        {
            answers = AccessLogLoop.Run(_log);
        }
        finally
        {
            memory.Dispose();
        }

        Record(metrics, memory, answers.ToOutputLines(), "hand-written loop");
    }

    [Benchmark]
    public async Task Graph()
    {
        CaseMetrics metrics = Begin(nameof(Graph));
        var memory = new MemorySampler();
        IReadOnlyList<string> answers;
        try
        {
            answers = await _graph!.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            memory.Dispose();
        }

        Record(metrics, memory, answers, "graph");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (CaseMetrics metrics in _metrics.Values)
        {
            metrics.Flush();
        }
    }

    private CaseMetrics Begin(string method)
    {
        if (!_metrics.TryGetValue(method, out CaseMetrics? metrics))
        {
            _metrics[method] = metrics = CaseMetrics.For(this, method);
        }

        metrics.BeginInvocation();
        return metrics;
    }

    private void Record(CaseMetrics metrics, MemorySampler memory, IReadOnlyList<string> answers, string what)
    {
        if (!answers.SequenceEqual(_expected, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"The {what}'s answers over {_log} differ from the hand-written loop's:\n  got:      {string.Join("\n            ", answers)}\n  expected: {string.Join("\n            ", _expected)}");
        }

        using var process = Process.GetCurrentProcess();
        metrics.AddMedian(CaseMetrics.Operations, Lines);
        metrics.AddMax("process peak MB", process.PeakWorkingSet64 / 1048576.0);
        metrics.AddMax("peak WS MB", memory.PeakWorkingSetMegabytes);
        metrics.AddMax("peak heap MB", memory.PeakHeapMegabytes);
    }
}
