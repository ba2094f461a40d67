using System.CommandLine;
using Reflow.Configuration;

namespace Reflow.Cli.Commands;

/// <summary>What the commands that load a graph into a network share: the graph, the configuration, the output format.</summary>
internal sealed class GraphCommandOptions
{
    public Argument<string> Graph { get; } = CommonOptions.Graph();

    public Option<string?> Config { get; } = CommonOptions.Config();

    public Option<string[]> Set { get; } = CommonOptions.Set();

    public Option<OutputFormat> Output { get; } = CommonOptions.Output();

    /// <summary>--allow-read, --allow-write, --allow-net, --allow-env, --allow-run, --allow-all, --no-default-grant.</summary>
    public PermissionFlags Permissions { get; } = new();

    /// <summary>A command with these arguments and options (and <paramref name="others"/> after them).</summary>
    public Command Command(string name, string description, params IEnumerable<Option> others)
    {
        var command = new Command(name, description) { Graph, Config, Set, Output };
        foreach (Option option in Permissions.Options)
        {
            command.Options.Add(option);
        }
        foreach (Option option in others)
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <summary>
    /// <c>--case-sensitive</c>: read <c>.fbp</c> files as the npm <c>fbp</c> parser's <c>caseSensitive</c> option does,
    /// port names kept as written (by default they are lowercased and matched ignoring case). JSON files say it themselves.
    /// </summary>
    public static Option<bool> CaseSensitiveOption() => new("--case-sensitive")
    {
        Description = "Read .fbp files case-sensitively: port names are kept as written instead of lowercased (JSON graphs say it themselves).",
    };

    public string GraphPath(ParseResult parse) => parse.GetRequiredValue(Graph);

    public OutputFormat Format(ParseResult parse) => parse.GetValue(Output);

    /// <summary>The configuration (file, REFLOW_* variables, --set), with the --allow-* grants and the graph directory's default grant added.</summary>
    public ReflowOptions LoadConfiguration(ParseResult parse, CliHost host) =>
        Permissions.Apply(parse, CommonOptions.LoadConfiguration(parse, Config, Set, host), GraphPath(parse));

    /// <summary>The configuration with <paramref name="overrides"/> in place of the <c>--set</c> values (the run's configuration keys), with the grants added as above.</summary>
    public ReflowOptions LoadConfiguration(ParseResult parse, CliHost host, IEnumerable<string> overrides) =>
        Permissions.Apply(parse, CommonOptions.LoadConfiguration(parse, Config, overrides, host), GraphPath(parse));
}
