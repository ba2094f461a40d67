using System.CommandLine;
using Reflow.Cli.Running;
using Reflow.Configuration;
using Reflow.Distributed.Partitioning;
using Reflow.Server.Tracing;

namespace Reflow.Cli.Commands;

/// <summary><c>reflow run &lt;graph&gt;</c>: load, validate and run a graph; print its results and a summary.</summary>
internal static class RunCommand
{
    public static Command Create(CliHost host)
    {
        var common = new GraphCommandOptions();
        var input = new Option<string[]>("--input", "-i")
        {
            Description = "Send to an exported in-port: port=<json or text> (one message), port=@file (one per line), port=- (lines of stdin until it ends or Ctrl-C). Repeatable, in order.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var events = new Option<bool>("--events") { Description = "Print every network event (actor started/failed/stopped, idle, deadlock, …) on stderr." };
        Option<string?> timeout = Timeout();
        var progress = new Option<ProgressMode>("--progress")
        {
            Description = "Live progress line for runs longer than a second: auto (on a terminal), always, never.",
            DefaultValueFactory = _ => ProgressMode.Auto,
        };

        var cluster = new Option<string?>("--cluster")
        {
            Description = "Run across the nodes of a Reflow cluster (reflow node) on these NATS servers (nats://host:4222, comma-separated) instead of in this process.",
        };
        var deploy = new Option<string?>("--deploy")
        {
            Description = "With --cluster: a deployment file (TOML) placing graph nodes on cluster nodes and choosing each remote edge's delivery mode.",
        };
        var trace = new Option<string?>("--trace")
        {
            Description = "Record the run as a flowtrace (JSON, as the protocol's trace:dump writes it) in this file: every network event, written at the end of the run, also when it fails or is interrupted.",
        };
        var traceLimit = new Option<long>("--trace-limit")
        {
            Description = $"With --trace: events written at most (default {FlowTraceRecorder.DefaultEventLimit:N0}); later ones are counted in the trace's header, not kept.",
            DefaultValueFactory = _ => FlowTraceRecorder.DefaultEventLimit,
        };
        var connection = new ClusterConnectionFlags();
        Command command = common.Command(
            "run",
            "Load, validate and run a graph to completion (or until Ctrl-C, which drains it); print the values of its exported out-ports and a summary. Exit 0 ok, 1 run failed, 2 invalid graph or usage.",
            [input, events, timeout, progress, trace, traceLimit, cluster, deploy, .. connection.Options]);
        common.Set.Description = "Override a configuration key (actor_system.thread_pool_size=4) or a node setting (d.delayMs=5; in a subgraph: outer/inner.key=value), "
            + "typed by the component's schema; prefix config: or node: when a name is both. Repeatable; wins over the file, REFLOW_* variables and the graph.";
        command.SetAction(parse =>
        {
            if (parse.GetValue(cluster) is { } url)
            {
                if (parse.GetValue(trace) is not null)
                {
                    throw new CliUsageException("--trace records a run in this process; it does not apply with --cluster.");
                }

                return RunOnCluster(parse, host, common, url, parse.GetValue(deploy), connection, input, timeout, parse.GetValue(progress));
            }

            if (parse.GetValue(deploy) is not null)
            {
                throw new CliUsageException("--deploy places a graph on a cluster: give the cluster's NATS servers with --cluster nats://host:4222.");
            }

            var assignments = SetAssignments.Parse(parse.GetValue(common.Set) ?? []); // configuration keys and node settings
            ReflowOptions options = common.LoadConfiguration(parse, host, assignments.Configuration);
            List<InputSpec> inputs = [.. (parse.GetValue(input) ?? []).Select(InputSpec.Parse)];
            long limit = parse.GetValue(traceLimit);
            if (limit < 1)
            {
                throw new CliUsageException($"--trace-limit {limit}: expected a positive number of events.");
            }

            var settings = new RunSettings(common.Format(parse), parse.GetValue(events), ParseTimeout(parse.GetValue(timeout)), parse.GetValue(progress))
            {
                Assignments = assignments,
                Trace = parse.GetValue(trace),
                TraceLimit = limit,
            };
            return new RunSession(host, common.GraphPath(parse), options, inputs, settings).ExecuteAsync();
        });
        return command;
    }

    private static Task<int> RunOnCluster(
        ParseResult parse, CliHost host, GraphCommandOptions common, string url, string? deploy, ClusterConnectionFlags connection, Option<string[]> input, Option<string?> timeout, ProgressMode progress)
    {
        if ((parse.GetValue(common.Set) ?? []).Length > 0 || parse.GetValue(common.Config) is not null)
        {
            throw new CliUsageException("--config and --set do not apply with --cluster: each node builds its part with its own configuration (reflow node --config/--set).");
        }

        if (deploy is not null && !File.Exists(deploy))
        {
            throw new CliUsageException($"--deploy {deploy}: the file does not exist.");
        }

        DeploymentFile deployment = deploy is null ? DeploymentFile.Default : DeploymentFile.Load(deploy);
        List<InputSpec> inputs = [.. (parse.GetValue(input) ?? []).Select(InputSpec.Parse)];
        var settings = new RunSettings(common.Format(parse), false, ParseTimeout(parse.GetValue(timeout)), progress);
        return new DistributedRunSession(host, common.GraphPath(parse), deployment, connection.Build(parse, url, host), inputs, settings).ExecuteAsync();
    }

    internal static Option<string?> Timeout() => new("--timeout")
    {
        Description = "Stop without draining and fail (exit 1) after this long: 500ms, 30s, 5m.",
    };

    internal static TimeSpan? ParseTimeout(string? text) =>
        text is null ? null
        : ReflowConfiguration.TryParseDuration(text, out TimeSpan timeout) && timeout > TimeSpan.Zero ? timeout
        : throw new CliUsageException($"--timeout {text}: expected a duration such as 500ms, 30s or 5m.");
}
