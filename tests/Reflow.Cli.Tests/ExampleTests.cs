using System.Text.RegularExpressions;
using Reflow.Graphs;

namespace Reflow.Cli.Tests;

/// <summary>
/// Every example through the real <c>reflow</c> (standard components, run from the repository root as the README
/// says): its values against the expected file beside it, conversions among the three formats, bench, Ctrl-C.
/// </summary>
public sealed partial class ExampleTests
{
    public static TheoryData<string, string, string[]> Examples => new()
    {
        { "examples/log-processing/log-processing.json", "examples/log-processing/expected.txt", [] },
        { "examples/etl/etl.json", "examples/etl/expected.txt", [] },
        { "examples/fan-out-fan-in/fan-out-fan-in.json", "examples/fan-out-fan-in/expected.txt", [] },
        { "examples/subgraph/main.fbp", "examples/subgraph/expected.txt", [] },
        { "examples/formats/greeting.fbp", "examples/formats/expected.txt", [] },
        { "examples/formats/greeting.json", "examples/formats/expected.txt", [] },
        { "examples/formats/greeting.noflo.json", "examples/formats/expected.txt", [] },
        { "examples/ten-stage/ten-stage.fbp", "examples/ten-stage/expected.txt", ["--input", "in=1", "--input", "in=\"two\"", "--input", "in={\"three\":3}"] },
        { "examples/scripts-js/orders.fbp", "examples/scripts-js/expected.txt", [] },
        { "examples/wasm/words.fbp", "examples/wasm/expected.txt", [] },
        { "examples/polyglot/polyglot.fbp", "examples/polyglot/expected.txt", [] },
    };

    public static TheoryData<string> Graphs => new()
    {
        "examples/log-processing/log-processing.json",
        "examples/etl/etl.json",
        "examples/fan-out-fan-in/fan-out-fan-in.json",
        "examples/subgraph/main.fbp",
        "examples/subgraph/shout.json",
        "examples/formats/greeting.fbp",
        "examples/ten-stage/ten-stage.fbp",
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Each_example_prints_its_expected_values_and_succeeds(string graph, string expected, string[] inputs)
    {
        CliRun run = await SubprocessCli.RunAsync(["run", graph, .. inputs]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"── {graph}: completed", run.Output);
        // Ports are read concurrently: lines of one port keep their order, ports are grouped (as .ci/run compares them).
        string[] values = [.. run.OutputLines.Where(l => ValueLine().IsMatch(l)).OrderBy(l => l[..l.IndexOf(':', StringComparison.Ordinal)], StringComparer.Ordinal)];
        Assert.Equal(File.ReadAllLines(Path.Combine(SubprocessCli.RepositoryRoot, expected)), values);
    }

    /// <summary>
    /// examples/wasm and examples/polyglot carry built plugins so that they run without a compiler; they must be exactly
    /// what native/wasm/build.sh makes of their sources (this project's build runs it into wasm-plugins/).
    /// </summary>
    [Theory]
    [InlineData("wasm", "send-output")]
    [InlineData("wasm", "batch-upper")]
    [InlineData("wasm", "counter-host-state")]
    [InlineData("polyglot", "ean13")]
    public void The_examples_plugins_are_the_builds_of_their_sources(string example, string plugin)
    {
        byte[] built = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "wasm-plugins", plugin + ".wasm"));
        byte[] copy = File.ReadAllBytes(Path.Combine(SubprocessCli.RepositoryRoot, "examples", example, plugin + ".wasm"));
        Assert.True(built.AsSpan().SequenceEqual(copy),
            $"examples/{example}/{plugin}.wasm differs from the build of its source: copy native/wasm/build.sh's {plugin}.wasm there");
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public async Task Each_example_round_trips_among_the_three_formats(string graph)
    {
        string source = Path.Combine(SubprocessCli.RepositoryRoot, graph);
        string directory = Directory.CreateTempSubdirectory("reflow-convert-").FullName;
        string reflowJson = Path.Combine(directory, "a.json"), noflo = Path.Combine(directory, "b.noflo.json"), fbp = Path.Combine(directory, "c.fbp");
        string back = Path.Combine(directory, "d" + (graph.EndsWith(".fbp", StringComparison.Ordinal) ? ".fbp" : ".json"));

        foreach ((string from, string to) in new[] { (source, reflowJson), (reflowJson, noflo), (noflo, back) })
        {
            CliRun step = await InProcessCli.RunAsync("convert", from, to);
            Assert.True(step.ExitCode == 0, step.ToString());
        }

        // The DSL may not hold everything: then the conversion says what it drops and needs --lossy.
        CliRun strict = await InProcessCli.RunAsync("convert", noflo, fbp);
        CliRun lossy = await InProcessCli.RunAsync("convert", noflo, fbp, "--lossy");
        Assert.True(lossy.ExitCode == 0, lossy.ToString());
        Assert.Equal(lossy.Error.Contains("warning: the .fbp DSL cannot hold", StringComparison.Ordinal) ? 2 : 0, strict.ExitCode);

        Graph original = GraphFile.Load(source);
        GraphAssert.Same(original, GraphFile.Load(reflowJson));
        GraphAssert.Same(original, GraphFile.Load(noflo));
        GraphAssert.Same(original, GraphFile.Load(back));
        // The DSL holds the structure always, metadata only as simple values: what it cannot hold is warned about.
        Graph viaFbp = GraphFile.Load(fbp);
        GraphAssert.Same(original, viaFbp, metadata: false);
        if (original.Nodes.Any(n => n.Metadata.Any(e => !viaFbp.Nodes.Single(m => m.Id == n.Id).Metadata.ContainsKey(e.Key))))
        {
            Assert.Contains("reflow: the .fbp DSL cannot hold metadata", strict.Error, StringComparison.Ordinal);
            Assert.Contains("give --lossy to convert anyway", strict.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bench_on_the_ten_stage_example_prints_throughput_and_latency_percentiles()
    {
        CliRun run = await SubprocessCli.RunAsync("bench", "examples/ten-stage/ten-stage.fbp", "--runs", "3", "--warmup", "1", "--messages", "20000");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("3 runs × 20,000 messages in → out", run.Output);
        Assert.Matches(@"throughput  median [\d.]+ [kM]? ?msg/s", run.Output);
        Assert.Matches(@"latency \(send → read, full load\): p50 [\d.]+ [nµm]?s   p99 [\d.]+ [nµm]?s   p99\.9 [\d.]+ [nµm]?s   max [\d.]+ [nµm]?s   \(60,000 samples\)", run.Output);
    }

    [Fact]
    public async Task Sigint_drains_a_long_running_graph_without_losing_accepted_messages()
    {
        using SubprocessCli cli = SubprocessCli.Start("run", "examples/ten-stage/ten-stage.fbp", "--input", "in=-");
        Task feeding = Task.Run(async () =>
        {
            try
            {
                for (int i = 0; i < 200_000; i++)
                {
                    await cli.Input.WriteLineAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                await cli.Input.FlushAsync(); // stdin stays open: only SIGINT ends this run
            }
            catch (IOException)
            {
                // The run stopped reading standard input after the interrupt.
            }
        });

        await cli.WaitForOutputAsync(l => l.StartsWith("out: ", StringComparison.Ordinal));
        await cli.InterruptAsync();
        CliRun run = await cli.WaitForExitAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("interrupted, drained", run.Output);
        long accepted = long.Parse(Accepted().Match(run.Output).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        long[] values = [.. run.OutputLines.Where(l => l.StartsWith("out: ", StringComparison.Ordinal)).Select(l => long.Parse(l[5..], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.True(accepted > 0, run.ToString());
        Assert.Equal(Enumerable.Range(0, (int)accepted).Select(i => (long)i), values); // every accepted message, once, in order
        Assert.Contains($"output out: {accepted:N0}", run.Output);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]+: ")]
    private static partial Regex ValueLine();

    [GeneratedRegex(@"input  in: ([\d,]+) accepted")]
    private static partial Regex Accepted();
}
