using System.CommandLine;
using Reflow.Configuration;

namespace Reflow.Cli;

/// <summary>The options several commands share, and what they turn into.</summary>
internal static class CommonOptions
{
    /// <summary>The file read when <c>--config</c> is not given and it exists in the current directory.</summary>
    public const string DefaultConfigFile = "reflow.toml";

    public static Argument<string> Graph() => new("graph")
    {
        Description = "A graph file: .fbp, Reflow JSON or NoFlo JSON (told apart by extension and content).",
    };

    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = $"A TOML configuration file ([actor_system], [supervision], [networking], [runtimes.*]). Default: ./{DefaultConfigFile} when it exists.",
    };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a configuration key, e.g. --set actor_system.thread_pool_size=4 (repeatable; wins over the file and REFLOW_* variables).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<OutputFormat> Output() => new("--output", "-o")
    {
        Description = "text (for people) or json (for programs).",
        DefaultValueFactory = _ => OutputFormat.Text,
    };

    /// <summary>The configuration: the file (given, or ./reflow.toml), then REFLOW_* variables, then --set.</summary>
    /// <exception cref="ReflowConfigurationException">Any source has a problem.</exception>
    public static ReflowOptions LoadConfiguration(ParseResult parse, Option<string?> config, Option<string[]> set, CliHost host) =>
        LoadConfiguration(parse, config, parse.GetValue(set) ?? [], host);

    /// <summary>The configuration: the file (given, or ./reflow.toml), then REFLOW_* variables, then <paramref name="overrides"/>.</summary>
    /// <exception cref="ReflowConfigurationException">Any source has a problem.</exception>
    public static ReflowOptions LoadConfiguration(ParseResult parse, Option<string?> config, IEnumerable<string> overrides, CliHost host)
    {
        string? file = parse.GetValue(config) ?? (File.Exists(DefaultConfigFile) ? DefaultConfigFile : null);
        return ReflowConfiguration.Load(file, overrides, host.Environment);
    }
}
