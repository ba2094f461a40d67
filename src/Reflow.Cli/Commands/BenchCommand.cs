using System.CommandLine;
using Reflow.Cli.Benchmarking;
using Reflow.Configuration;

namespace Reflow.Cli.Commands;

/// <summary><c>reflow bench &lt;graph&gt;</c>: run a graph N times; throughput and p50/p99/p99.9 latency.</summary>
internal static class BenchCommand
{
    public static Command Create(CliHost host)
    {
        var common = new GraphCommandOptions();
        var runs = new Option<int>("--runs", "-n") { Description = "Measured runs.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Runs before the measured ones, not counted.", DefaultValueFactory = _ => 2 };
        var messages = new Option<int>("--messages", "-m") { Description = "Messages sent per run to the exported in-port.", DefaultValueFactory = _ => 100_000 };
        var inPort = new Option<string?>("--in") { Description = "The exported in-port to feed (default: the only one)." };
        var outPort = new Option<string?>("--out") { Description = "The exported out-port to time (default: the only one)." };
        var message = new Option<string?>("--message") { Description = "The message to send, JSON or text (default: the sequence number 0, 1, 2, …)." };
        var rate = new Option<double?>("--rate") { Description = "Pace the sends at this many messages per second (default: as fast as the graph takes them)." };
        runs.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--runs must be at least 1."); });
        warmup.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--warmup must be at least 0."); });
        messages.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--messages must be at least 1."); });
        rate.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is <= 0) r.AddError("--rate must be positive."); });

        Command command = common.Command(
            "bench",
            "Run a graph N times and report throughput (median, min, max) and latency percentiles (p50, p99, p99.9). A graph with an exported in-port and out-port is fed messages and each is timed from send to read; a graph of sources is timed per run.",
            runs, warmup, messages, inPort, outPort, message, rate);
        command.SetAction(parse =>
        {
            ReflowOptions options = common.LoadConfiguration(parse, host);
            var settings = new BenchSettings(
                parse.GetValue(runs), parse.GetValue(warmup), parse.GetValue(messages), parse.GetValue(inPort), parse.GetValue(outPort),
                parse.GetValue(message), parse.GetValue(rate), common.Format(parse));
            return new BenchRunner(host, common.GraphPath(parse), options, settings).ExecuteAsync();
        });
        return command;
    }
}
