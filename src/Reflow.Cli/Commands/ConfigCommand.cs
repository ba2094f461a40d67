using System.CommandLine;
using Reflow.Configuration;

namespace Reflow.Cli.Commands;

/// <summary><c>reflow config</c>: the configuration in effect (file, REFLOW_* variables and --set applied), as TOML; or every key with <c>--keys</c>.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliHost host)
    {
        Option<string?> config = CommonOptions.Config();
        Option<string[]> set = CommonOptions.Set();
        var keys = new Option<bool>("--keys") { Description = "List every key with its type, default and meaning instead." };
        var command = new Command("config", "Print the configuration in effect as TOML (defaults, then the file, REFLOW_* environment variables and --set), or with --keys every key. Exit 2 when it has problems.")
        {
            config, set, keys,
        };
        command.SetAction(parse =>
        {
            ReflowOptions options = CommonOptions.LoadConfiguration(parse, config, set, host);
            if (!parse.GetValue(keys))
            {
                host.Out.Write(ReflowConfiguration.ToToml(options));
                return ExitCodes.Ok;
            }

            foreach (ConfigurationKeyDescription key in ReflowConfiguration.Keys)
            {
                host.Out.WriteLine($"{key.Key} = {key.Default}");
                host.Out.WriteLine($"    {key.Description} Takes {key.Type}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
