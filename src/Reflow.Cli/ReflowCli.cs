using System.CommandLine;
using Reflow.Cli.Commands;
using Reflow.Configuration;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Cli;

/// <summary>The <c>reflow</c> command line: parses the arguments, runs a command, maps failures to exit codes.</summary>
internal static class ReflowCli
{
    /// <summary>Runs <c>reflow</c> with <paramref name="args"/>; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> InvokeAsync(string[] args, CliHost host)
    {
        RootCommand root = CreateRoot(host);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
            {
                await host.Error.WriteLineAsync("reflow: " + error.Message).ConfigureAwait(false);
            }

            await host.Error.WriteLineAsync("Run 'reflow --help' (or 'reflow <command> --help') for usage.").ConfigureAwait(false);
            return ExitCodes.Invalid;
        }

        try
        {
            // System.CommandLine's own Ctrl-C handling would end the process after a grace period; 'run' drains instead.
            var invocation = new InvocationConfiguration { Output = host.Out, Error = host.Error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(invocation).ConfigureAwait(false);
        }
        catch (Exception ex) when (Describe(ex) is { } failure)
        {
            await host.Error.WriteLineAsync(failure.Message).ConfigureAwait(false);
            return failure.ExitCode;
        }
    }

    private static RootCommand CreateRoot(CliHost host)
    {
        var root = new RootCommand("reflow: run, check, convert, inspect and benchmark flow-based-programming graphs (Reflow for .NET).");
        root.Subcommands.Add(RunCommand.Create(host));
        root.Subcommands.Add(ValidateCommand.Create(host));
        root.Subcommands.Add(ConvertCommand.Create(host));
        root.Subcommands.Add(InspectCommand.Create(host));
        root.Subcommands.Add(ComponentsCommand.Create(host));
        root.Subcommands.Add(BenchCommand.Create(host));
        root.Subcommands.Add(ConfigCommand.Create(host));
        root.Subcommands.Add(NodeCommand.Create(host));
        root.Subcommands.Add(ServeCommand.Create(host));
        return root;
    }

    /// <summary>The message and exit code of an exception a command let through; null for a bug (it propagates).</summary>
    private static (string Message, int ExitCode)? Describe(Exception exception) => exception switch
    {
        CliUsageException e => ("reflow: " + e.Message, ExitCodes.Invalid),
        ReflowConfigurationException e => ("reflow: " + e.Message, ExitCodes.Invalid),
        ReflowLimitException e => ("reflow: " + e.Message, ExitCodes.Invalid),
        GraphFormatException e => ("reflow: " + e.Message, ExitCodes.Invalid),
        GraphLoadException e => ("reflow: " + e.Message, ExitCodes.Invalid),
        MessageFormatException e => ("reflow: " + e.Message, ExitCodes.Invalid),
        IOException e => ("reflow: " + e.Message, ExitCodes.Invalid),
        UnauthorizedAccessException e => ("reflow: " + e.Message, ExitCodes.Invalid),
        NetworkDeadlockException e => ("reflow: the run failed: " + e.Message, ExitCodes.RunFailed),
        Distributed.Partitioning.DeploymentException e => ("reflow: " + e.Message, ExitCodes.Invalid),
        Distributed.ClusterException e => ("reflow: " + e.Message, ExitCodes.RunFailed),
        Server.Hosting.ReflowServerException e => ("reflow serve: " + e.Message, ExitCodes.Invalid),
        _ => null,
    };
}
