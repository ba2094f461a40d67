using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Reflow.Soak;

/// <summary>The totals of a soak run: graphs, messages, faults by kind, resource peaks and every violation.</summary>
internal sealed class SoakSummary
{
    private readonly List<Violation> _violations = [];

    public int MasterSeed { get; init; }
    public int Graphs { get; private set; }
    public long Messages { get; private set; }
    public FaultCounts Faults { get; } = new();
    public IReadOnlyList<Violation> Violations => _violations;
    public TimeSpan Elapsed { get; set; }
    public ResourceSample? Baseline { get; set; }
    public long PeakSettledHeap { get; private set; }
    public long PeakHeap { get; private set; }
    public long PeakRss { get; private set; }
    public int PeakThreads { get; private set; }
    public int PeakHandles { get; private set; }
    public bool Passed => _violations.Count == 0;

    public void AddGraph(long messages, FaultCounts faults)
    {
        Graphs++;
        Messages += messages;
        Faults.AddAll(faults);
    }

    public void Add(Violation violation) => _violations.Add(violation);

    public void Observe(ResourceSample sample, bool settled)
    {
        lock (_violations)
        {
            PeakHeap = Math.Max(PeakHeap, sample.HeapBytes);
            PeakSettledHeap = settled ? Math.Max(PeakSettledHeap, sample.HeapBytes) : PeakSettledHeap;
            PeakRss = Math.Max(PeakRss, sample.RssBytes);
            PeakThreads = Math.Max(PeakThreads, sample.Threads);
            PeakHandles = Math.Max(PeakHandles, sample.Handles);
        }
    }

    /// <summary>The closing line CI shows.</summary>
    public string Line() =>
        $"soak {(Passed ? "PASSED" : "FAILED")}: {Graphs} graphs, {Messages} messages, {Faults.Total} faults injected, " +
        $"peak heap {PeakSettledHeap >> 20} MB settled / {PeakHeap >> 20} MB live, peak RSS {PeakRss >> 20} MB, " +
        $"threads peak {PeakThreads} (baseline {Baseline?.Threads.ToString(CultureInfo.InvariantCulture) ?? "-"}), " +
        $"fds peak {PeakHandles} (baseline {Baseline?.Handles.ToString(CultureInfo.InvariantCulture) ?? "-"}), " +
        $"{_violations.Count} violation(s), {Elapsed.TotalSeconds:0} s, master seed {MasterSeed}";

    public string Markdown(SoakOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Soak run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {(Passed ? "passed" : "FAILED")}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Commit {Commit()}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet Reflow.Soak.dll --duration {options.Duration.TotalSeconds:0}s` (master seed {MasterSeed}).");
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| duration | {Elapsed.TotalSeconds:0} s |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| graphs | {Graphs} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| messages (per logical edge) | {Messages} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| faults injected | {Faults.Total} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| peak GC heap, settled (bound {options.MaxHeapBytes >> 20} MB) | {PeakSettledHeap >> 20} MB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| peak GC heap, live | {PeakHeap >> 20} MB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| peak RSS (bound {options.MaxRssBytes >> 20} MB) | {PeakRss >> 20} MB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| threads: baseline, peak (slack {options.ThreadSlack}) | {Baseline?.Threads}, {PeakThreads} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| file descriptors: baseline, peak (slack {options.HandleSlack}) | {Baseline?.Handles}, {PeakHandles} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| violations | {_violations.Count} |");
        text.AppendLine();
        text.AppendLine("## Faults by kind");
        text.AppendLine();
        text.AppendLine("| kind | count |");
        text.AppendLine("|---|---|");
        foreach (FaultKind kind in Enum.GetValues<FaultKind>())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {Faults[kind]} |");
        }

        text.AppendLine();
        text.AppendLine("## Violations");
        text.AppendLine();
        if (_violations.Count == 0)
        {
            text.AppendLine("None.");
        }

        foreach (Violation violation in _violations.Take(200))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- seed {violation.Seed} (`--seed {violation.Seed}`), {violation.Kind}: {violation.Detail}");
        }

        return text.ToString();
    }

    private static string Commit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using Process git = Process.Start(start)!;
            string commit = git.StandardOutput.ReadToEnd().Trim();
            return git.WaitForExit(5000) && git.ExitCode == 0 && commit.Length > 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }
}
