namespace Reflow.Cli.Tests;

/// <summary>Node settings typed by the component's schema (<c>.fbp</c> text, <c>--set node.key=value</c>), and where a bad one is.</summary>
public sealed class NodeSettingTests
{
    private static string Graph(string name) => InProcessCli.GraphPath(Path.Combine("settings", name));

    private static Task<CliRun> RunStandard(params string[] args) =>
        InProcessCli.RunAsync(new InProcessCli.Setup { CreateRegistry = CliComponents.Create }, args);

    [Fact]
    public async Task An_fbp_number_setting_validates_and_runs()
    {
        CliRun validate = await RunStandard("validate", Graph("delay.fbp"));
        CliRun run = await RunStandard("run", Graph("delay.fbp"), "--input", "in=7");

        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("out: 7", run.OutputLines);
    }

    [Fact]
    public async Task An_fbp_setting_that_is_not_a_number_is_reported_by_validate_with_file_line_node_key_type_and_value()
    {
        string graph = Graph("delay-bad.fbp");

        CliRun validate = await RunStandard("validate", graph);
        CliRun run = await RunStandard("run", graph, "--input", "in=7");

        Assert.True(validate.ExitCode == 2, validate.ToString());
        Assert.Contains($"error InvalidSetting at {graph}, line 4, node 'd': setting 'delayMs' of flow/Delay must be a number, not \"abc\"", validate.Output);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("setting 'delayMs' of flow/Delay must be a number, not \"abc\"", run.Error);
    }

    [Fact]
    public async Task Set_overrides_a_node_setting_typed_by_the_schema()
    {
        CliRun run = await RunStandard("run", Graph("delay-bad.fbp"), "--set", "d.delayMs=5", "--input", "in=7");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("out: 7", run.OutputLines);
    }

    [Fact]
    public async Task Set_reports_a_value_that_does_not_fit_and_a_node_that_does_not_exist()
    {
        CliRun wrong = await RunStandard("run", Graph("delay.fbp"), "--set", "d.delayMs=soon");
        CliRun missing = await RunStandard("run", Graph("delay.fbp"), "--set", "e.delayMs=5");
        CliRun malformed = await RunStandard("run", Graph("delay.fbp"), "--set", "node:d=5");

        Assert.True(wrong.ExitCode == 2, wrong.ToString());
        Assert.Contains("InvalidSetting at setting d.delayMs=soon: setting 'delayMs' of flow/Delay must be a number, not \"soon\"", wrong.Error);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("InvalidSetting at setting e.delayMs=5: the network has no node 'e'; its nodes: d", missing.Error);
        Assert.True(malformed.ExitCode == 2, malformed.ToString());
        Assert.Contains("--set node:d=5: expected node.key=value", malformed.Error);
    }

    [Fact]
    public async Task Set_reaches_a_node_inside_a_subgraph_by_its_network_id()
    {
        CliRun bad = await RunStandard("run", Graph("outer.fbp"), "--input", "in=1");
        CliRun run = await RunStandard("run", Graph("outer.fbp"), "--set", "sub/d.delayMs=1", "--input", "in=1");

        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("out: 1", run.OutputLines);
    }

    [Fact]
    public async Task A_name_that_is_both_a_configuration_table_and_a_node_must_be_qualified()
    {
        string graph = Graph("supervision.fbp");

        CliRun ambiguous = await RunStandard("run", graph, "--set", "supervision.max_retries=3", "--input", "in=1");
        CliRun asNode = await RunStandard("run", graph, "--set", "node:supervision.delayMs=2", "--input", "in=1");
        CliRun asConfiguration = await RunStandard("run", graph, "--set", "config:supervision.max_retries=3", "--input", "in=1");
        CliRun wrongNodeKey = await RunStandard("run", graph, "--set", "node:supervision.max_retries=3");

        Assert.True(ambiguous.ExitCode == 2, ambiguous.ToString());
        Assert.Contains(
            "--set supervision.max_retries=3: 'supervision' is both a configuration table and a node of " + graph +
            "; write --set config:supervision.max_retries=3 for the configuration or --set node:supervision.max_retries=3 for the node's setting.",
            ambiguous.Error);
        Assert.True(asNode.ExitCode == 0, asNode.ToString());
        Assert.True(asConfiguration.ExitCode == 0, asConfiguration.ToString());
        Assert.True(wrongNodeKey.ExitCode == 2, wrongNodeKey.ToString());
        Assert.Contains("flow/Delay has no setting 'max_retries'; its settings: delayMs", wrongNodeKey.Error);
    }
}
