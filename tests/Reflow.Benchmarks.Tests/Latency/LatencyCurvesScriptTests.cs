using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Reflow.Benchmarks.Tests.AccessLog;

namespace Reflow.Benchmarks.Tests.Latency;

/// <summary>
/// bench/latency_curves.py on a fixture of two rounds of BenchmarkDotNet CSVs (B3 and both B5 shapes, figures chosen
/// so each target lands on a known side): its table rows, its met / not met marks, and the SVG plots it writes —
/// well-formed XML with one line per system in each percentile's panel.
/// </summary>
public sealed class LatencyCurvesScriptTests : IDisposable
{
    private static readonly string[] s_systems = ["Reflow", "Akka", "ProtoActor", "Dataflow", "Channels"];
    private static readonly int[] s_loads = [10, 25, 50, 75, 90];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"reflow-latency-curves-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void TablesMarkTheTargetsAndPlotsHaveALinePerSystem()
    {
        string[] rounds = [WriteRound(0), WriteRound(1)];

        (int exit, string output, string error) = RunScript(["--plots", Path.Combine(_directory, "report"), .. rounds]);

        Assert.True(exit == 0, $"latency_curves.py exited {exit}: {error}");
        string b3 = Section(output, "### B3 two-stage pipeline");
        string fan8 = Section(output, "### B5 fan-out/fan-in 1 → 8 → 1");
        string diamond = Section(output, "### B5 diamond 1 → 2 → 1");
        Assert.DoesNotContain("### B4", output, StringComparison.Ordinal); // not in the fixture
        foreach (string section in new[] { b3, fan8, diamond })
        {
            string[] rows = [.. section.Split('\n').Where(l => s_systems.Any(s => l.StartsWith($"| {Head(s)} | ", StringComparison.Ordinal)))];
            Assert.Equal(s_systems.Length * s_loads.Length, rows.Length);
        }

        // Reflow B3 at 50 %: p99 400/420 µs, p99.9 800/900 µs; the row shows medians with each round's value.
        Assert.Contains("| Reflow | 50 % | 1.5 (of 3) | 100 | 410 (400, 420) | 850 (800, 900) | 5,000 | 0.1 |", b3, StringComparison.Ordinal);
        Assert.Contains("| Reflow p99.9 < 1 ms at 50 % load | **met**: 850 (800, 900) µs |", b3, StringComparison.Ordinal);
        Assert.Contains("| Reflow p99 < 1 ms at 75 % load | **not met**: 1,250 (1,200, 1,300) µs |", b3, StringComparison.Ordinal);
        // At 90 % Channels' p99.9 is below Reflow's in both rounds: the peer target fails at that load only.
        string b3Peers = Line(b3, "| Reflow below every peer at every load");
        Assert.Contains("**not met**", b3Peers, StringComparison.Ordinal);
        Assert.Contains("90 % p99.9 0.50× (not below)", b3Peers, StringComparison.Ordinal);
        Assert.Contains("50 % p99.9 2.00×;", b3Peers, StringComparison.Ordinal);
        Assert.Equal(2, b3Peers.Split("not below").Length);
        // B5 has no 1 ms targets, and Reflow is below every peer there.
        Assert.DoesNotContain("< 1 ms", fan8, StringComparison.Ordinal);
        Assert.Contains("| Reflow below every peer at every load (p99 and p99.9; median of same-round ratios, best peer ÷ Reflow) | **met**:", fan8, StringComparison.Ordinal);

        foreach ((string slug, string section) in new[] { ("b3-latency", b3), ("b5-latency-fan8", fan8), ("b5-latency-diamond", diamond) })
        {
            Assert.Contains($"](report-{slug}.svg)", section, StringComparison.Ordinal);
            XDocument svg = XDocument.Load(Path.Combine(_directory, $"report-{slug}.svg")); // throws unless well-formed
            XNamespace ns = "http://www.w3.org/2000/svg";
            XElement[] panels = [.. svg.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "panel")];
            Assert.Equal(["p99", "p99.9"], panels.Select(p => (string?)p.Attribute("data-percentile")));
            foreach (XElement panel in panels)
            {
                string?[] lines = [.. panel.Elements(ns + "polyline").Select(p => (string?)p.Attribute("data-system"))];
                Assert.Equal(s_systems.Select(Head), lines);
                Assert.All(panel.Elements(ns + "polyline"), p => Assert.Equal(s_loads.Length, ((string)p.Attribute("points")!).Split(' ').Length));
            }

            Assert.Contains(svg.Descendants(ns + "text"), t => t.Value.StartsWith("load, %", StringComparison.Ordinal));
            Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "latency (log scale)");
            Assert.Equal(s_systems.Select(Head), svg.Descendants(ns + "g").Single(g => (string?)g.Attribute("class") == "legend").Elements(ns + "text").Select(t => t.Value));
        }
    }

    [Fact]
    public void ARoundThatIsNotADirectoryIsAClearError()
    {
        (int exit, _, string error) = RunScript([Path.Combine(_directory, "missing")]);

        Assert.NotEqual(0, exit);
        Assert.Contains("is not a directory", error, StringComparison.Ordinal);
    }

    private static string Head(string system) => system switch
    {
        "Akka" => "Akka.NET",
        "ProtoActor" => "Proto.Actor",
        "Dataflow" => "TPL Dataflow",
        _ => system,
    };

    /// <summary>One round: B3 (Reflow's p99 = 400 µs + 20 per round, doubled at 75 %, …) and B5 with both fan shapes.</summary>
    private string WriteRound(int round)
    {
        string results = Path.Combine(_directory, $"round{round}", "results");
        Directory.CreateDirectory(results);
        const string Header = "Method,Job,WarmupCount,Fan,Load,Mean,Median,P95,p50 µs,p99 µs,p99.9 µs,max µs,samples,max M/s,rate M/s,producer late ms";
        var b3 = new StringBuilder(Header.Replace("Fan,", "", StringComparison.Ordinal) + "\n");
        var b5 = new StringBuilder(Header + "\n");
        foreach (string system in s_systems)
        {
            foreach (int load in s_loads)
            {
                bool reflow = system == "Reflow";
                double p99 = reflow ? (load == 75 ? 1200 + (100 * round) : 400 + (20 * round)) : 2000;
                double p999 = reflow ? 800 + (100 * round) : load == 90 && system == "Channels" ? (800 + (100 * round)) / 2.0 : 2 * (800 + (100 * round));
                string figures = string.Create(CultureInfo.InvariantCulture, $"{load * 1.1:F0} ms,1.000 s,1.1 s,100.000,{p99:F3},{p999:F3},5000.000,{1000 * load},3.000,{3.0 * load / 100:F3},0.10");
                b3.Append(CultureInfo.InvariantCulture, $"{system},Job-X,1,{load},{figures}\n");
                foreach (string fan in new[] { "OneToEightToOne", "Diamond" })
                {
                    double scale = reflow ? 1 : 3; // Reflow below every peer everywhere on B5
                    string fanFigures = string.Create(CultureInfo.InvariantCulture, $"{load} ms,1 s,1 s,50,{300 * scale:F3},{600 * scale:F3},{900 * scale:F3},{1000 * load},2,{2.0 * load / 100:F3},0");
                    b5.Append(CultureInfo.InvariantCulture, $"{system},Job-X,1,{fan},{load},{fanFigures}\n");
                }
            }
        }

        File.WriteAllText(Path.Combine(results, "Reflow.Benchmarks.Peers.B3TwoStageLatency-report.csv"), b3.ToString());
        File.WriteAllText(Path.Combine(results, "Reflow.Benchmarks.Peers.B5FanOutFanInLatency-report.csv"), b5.ToString());
        return Path.Combine(_directory, $"round{round}");
    }

    private static string Section(string output, string heading)
    {
        int start = output.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading}' in:\n{output}");
        int end = output.IndexOf("\n### ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? output[start..] : output[start..end];
    }

    private static string Line(string section, string start) =>
        Assert.Single(section.Split('\n'), l => l.StartsWith(start, StringComparison.Ordinal));

    private static (int Exit, string Output, string Error) RunScript(string[] arguments) => BenchScript.Run("latency_curves.py", arguments);
}
