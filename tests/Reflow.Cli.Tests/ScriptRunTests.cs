namespace Reflow.Cli.Tests;

/// <summary>
/// Script nodes through the real <c>reflow</c>: a script gets the run's explicit grants but not the default grant of
/// the graph's directory, its console lines reach the error stream, <c>[runtimes.javascript]</c> turns the runtime
/// off or limits it, and <c>reflow components</c> lists the script components.
/// </summary>
public sealed class ScriptRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("reflow-cli-scripts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Task<CliRun> Run(params string[] args) =>
        InProcessCli.RunAsync(new InProcessCli.Setup { CreateRegistry = CliComponents.Create }, args);

    /// <summary>A graph whose JavaScript node reads notes.txt beside the graph and logs what it read.</summary>
    private string ReadingGraph()
    {
        File.WriteAllText(Path.Combine(_root, "notes.txt"), "beside the graph");
        File.WriteAllText(Path.Combine(_root, "read.js"), """
            export const actorMetadata = { name: "read", inports: [{ name: "in" }], outports: [{ name: "out", type: "string" }] };
            export function process(inputs, context) {
              const text = Deno.readTextFileSync("notes.txt");
              console.log(`read ${text.length} characters`);
              console.warn("careful");
              return { out: text };
            }
            """);
        string graph = Path.Combine(_root, "read.fbp");
        File.WriteAllText(graph, "OUTPORT=r.OUT:text\n'go' -> IN r(read.js)\n");
        return graph;
    }

    [Fact]
    public async Task A_script_does_not_get_the_default_grant_of_the_graphs_directory()
    {
        CliRun run = await Run("run", ReadingGraph());

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"--allow-read={Path.Combine(_root, "notes.txt")}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("text: \"", run.Output, StringComparison.Ordinal);
        Assert.Contains("output text: 0", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_grant_reaches_the_script_and_its_console_lines_are_shown_with_the_node()
    {
        CliRun run = await Run("run", ReadingGraph(), $"--allow-read={_root}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("text: \"beside the graph\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("[r] read 16 characters", run.Error, StringComparison.Ordinal);
        Assert.Contains("[r] warn: careful", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_runtimes_table_grants_scripts_and_can_turn_the_runtime_off()
    {
        string graph = ReadingGraph();
        string granting = Path.Combine(_root, "grant.toml");
        File.WriteAllText(granting, $"[runtimes.javascript]\npermissions = [\"--allow-read={_root}\"]\n");
        string off = Path.Combine(_root, "off.toml");
        File.WriteAllText(off, "[runtimes.javascript]\nenabled = false\n");

        CliRun granted = await Run("run", graph, "--config", granting);
        CliRun disabled = await Run("run", graph, "--config", off);

        Assert.True(granted.ExitCode == 0, granted.ToString());
        Assert.Contains("text: \"beside the graph\"", granted.Output, StringComparison.Ordinal);
        Assert.True(disabled.ExitCode == 2, disabled.ToString());
        Assert.Contains("read.js", disabled.Error + disabled.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_runtimes_timeout_stops_a_script_that_loops_and_the_run_reports_the_limit()
    {
        File.WriteAllText(Path.Combine(_root, "spin.js"), """
            export const actorMetadata = { name: "spin", inports: [{ name: "in" }], outports: [{ name: "out" }] };
            export function process(inputs) { for (;;) {} }
            """);
        string graph = Path.Combine(_root, "spin.fbp");
        File.WriteAllText(graph, "OUTPORT=s.OUT:out\n'go' -> IN s(spin.js)\n");
        string config = Path.Combine(_root, "fast.toml");
        File.WriteAllText(config, "[runtimes.javascript]\ntimeout = \"200ms\"\n");

        CliRun run = await Run("run", graph, "--config", config);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("reflow: node 's' failed: ScriptLimitException", run.Error, StringComparison.Ordinal);
        Assert.Contains("timeout", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_python_node_runs_in_a_worker_with_the_runtimes_table()
    {
        File.WriteAllText(Path.Combine(_root, "upper.py"), "def process(inputs, context):\n    return inputs['in'].upper() * context.config.get('times', 1)\n");
        string graph = Path.Combine(_root, "upper.fbp");
        File.WriteAllText(graph, "OUTPORT=u.OUT:out\n'go' -> IN u(upper.py)\n");
        string config = Path.Combine(_root, "python.toml");
        File.WriteAllText(config, "[runtimes.python]\npermissions = [\"--allow-all\"]\nmax_restarts = 1\ninterpreter = \"python3\"\n");

        CliRun run = await Run("run", graph, "--config", config);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\"GO\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Python_use_docker_is_refused_naming_what_to_use_instead()
    {
        File.WriteAllText(Path.Combine(_root, "upper.py"), "def process(inputs, context):\n    return 1\n");
        string graph = Path.Combine(_root, "docker.fbp");
        File.WriteAllText(graph, "OUTPORT=u.OUT:out\n'go' -> IN u(upper.py)\n");
        string config = Path.Combine(_root, "docker.toml");
        File.WriteAllText(config, "[runtimes.python]\nuse_docker = true\n");

        CliRun run = await Run("run", graph, "--config", config);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("[runtimes.python] use_docker = true is not supported", run.Error, StringComparison.Ordinal);
        Assert.Contains("requirements", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Components_lists_the_script_components()
    {
        CliRun run = await Run("components");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("script/javascript", run.Output, StringComparison.Ordinal);
        Assert.Contains("script/typescript", run.Output, StringComparison.Ordinal);
    }
}
