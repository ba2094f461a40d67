using System.CommandLine;
using System.CommandLine.Parsing;
using Reflow.Configuration;
using Reflow.Permissions;

namespace Reflow.Cli;

/// <summary>
/// The <c>--allow-*</c> options of the commands that run a graph, named like Deno's: each grant adds to the
/// configuration's <c>[permissions]</c>, and read and write under the graph file's directory are granted unless
/// <c>--no-default-grant</c> is given. Script nodes get the explicit grants only (see <see cref="Apply"/>).
/// </summary>
internal sealed class PermissionFlags
{
    private readonly Option<string[]> _read = Allow(PermissionKind.Read, "PATH", "Let the graph read files under these paths");
    private readonly Option<string[]> _write = Allow(PermissionKind.Write, "PATH", "Let the graph write files under these paths");
    private readonly Option<string[]> _net = Allow(PermissionKind.Net, "HOST[:PORT]", "Let the graph connect to these hosts (a bare host: any port)");
    private readonly Option<string[]> _env = Allow(PermissionKind.Env, "NAME", "Let the graph read these environment variables (NAME or PREFIX_*)");
    private readonly Option<string[]> _run = Allow(PermissionKind.Run, "PROGRAM", "Let the graph start these programs");

    private readonly Option<bool> _all = new("--allow-all", "-A")
    {
        Description = "Grant everything (files, network, environment, programs): only for graphs you trust entirely.",
    };

    private readonly Option<bool> _noDefault = new("--no-default-grant")
    {
        Description = "Do not grant read and write under the graph file's directory (granted by default); grant only what --allow-* and [permissions] say.",
    };

    public IEnumerable<Option> Options => [_read, _write, _net, _env, _run, _all, _noDefault];

    /// <summary>
    /// <paramref name="options"/> with the command line's grants added, and the default grant of the graph's
    /// directory unless <paramref name="defaultGrant"/> is false (<c>reflow serve</c>: its graphs are its clients');
    /// every entry checked now, so a bad one is a usage error before anything loads.
    /// </summary>
    /// <exception cref="CliUsageException">A flag's entry does not fit its kind.</exception>
    public ReflowOptions Apply(ParseResult parse, ReflowOptions options, string graph, bool defaultGrant = true)
    {
        PermissionsOptions permissions = options.Permissions;
        foreach ((PermissionKind kind, Option<string[]> option) in new[]
            { (PermissionKind.Read, _read), (PermissionKind.Write, _write), (PermissionKind.Net, _net), (PermissionKind.Env, _env), (PermissionKind.Run, _run) })
        {
            if (parse.GetResult(option) is not OptionResult given)
            {
                continue;
            }

            // A flag given without a list (--allow-net) grants the whole kind, as in Deno.
            IReadOnlyList<string> entries = [.. given.Tokens.SelectMany(t => PermissionSet.SplitList(t.Value))];
            bool bare = given.IdentifierTokenCount > given.Tokens.Count;
            try
            {
                _ = PermissionSet.None.With(kind, entries); // checked here, where the flag can be named
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException($"{PermissionSet.FlagName(kind)}: {ex.Message.Split(" (Parameter", 2)[0]}", ex);
            }

            permissions = permissions.With(kind, bare ? [.. entries, PermissionsOptions.Everything] : entries);
        }

        if (parse.GetValue(_all))
        {
            permissions = permissions with { AllowAll = true };
        }

        // Scripts get the run's explicit grants ([permissions] and --allow-*) on top of their runtime's own
        // ([runtimes.NAME] permissions), but not the default grant of the graph's directory: that one is for the
        // standard components; a script is code the graph brings along (DESIGN: scripts get nothing unless granted).
        IReadOnlyList<string> explicitFlags = permissions.ToPermissionSet().ToFlags();
        RuntimesOptions runtimes = options.Runtimes with
        {
            JavaScript = options.Runtimes.JavaScript with { Permissions = [.. options.Runtimes.JavaScript.Permissions, .. explicitFlags] },
            Python = options.Runtimes.Python with { Permissions = [.. options.Runtimes.Python.Permissions, .. explicitFlags] },
            Wasm = options.Runtimes.Wasm with { Permissions = [.. options.Runtimes.Wasm.Permissions, .. explicitFlags] },
        };
        if (defaultGrant && !parse.GetValue(_noDefault))
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(graph))!;
            permissions = permissions.With(PermissionKind.Read, [directory]).With(PermissionKind.Write, [directory]);
        }

        return options with { Permissions = permissions, Runtimes = runtimes };
    }

    private static Option<string[]> Allow(PermissionKind kind, string item, string description) => new(PermissionSet.FlagName(kind))
    {
        Description = $"{description}: {PermissionSet.FlagName(kind)}={item}[,{item}…], repeatable; without a list, any. Adds to [permissions] {PermissionSet.KindName(kind)} in the configuration.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = item,
    };
}
