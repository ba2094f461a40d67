using System.CommandLine;
using Reflow.Graphs;

namespace Reflow.Cli.Commands;

/// <summary>
/// <c>reflow convert &lt;in&gt; &lt;out&gt;</c>: a graph from one format to another. A conversion that would drop
/// something (see <see cref="ConversionLosses"/>) lists it and fails unless <c>--lossy</c> is given.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(CliHost host)
    {
        var input = new Argument<string>("in") { Description = "The graph to read (.fbp, Reflow JSON or NoFlo JSON)." };
        var output = new Argument<string>("out") { Description = "Where to write it; - for standard output." };
        var to = new Option<GraphTarget?>("--to")
        {
            Description = "The format to write: fbp, reflow (Reflow JSON) or noflo (NoFlo JSON). Default: from out's name (.fbp → fbp, .noflo.json → noflo, other .json → reflow).",
        };
        var lossy = new Option<bool>("--lossy")
        {
            Description = "Convert even when the target format cannot hold everything (what is dropped is still listed on standard error).",
        };
        Option<bool> caseSensitive = GraphCommandOptions.CaseSensitiveOption();
        var command = new Command("convert", "Convert a graph between the .fbp DSL, Reflow JSON and NoFlo JSON (nodes, edges, IIPs, exported ports, groups and the metadata the target can hold; fails, listing what would be dropped, unless --lossy).")
        {
            input, output, to, lossy, caseSensitive,
        };
        command.SetAction(parse =>
        {
            string source = parse.GetRequiredValue(input);
            string target = parse.GetRequiredValue(output);
            GraphFormat format = Format(parse.GetValue(to), target);
            Graph graph = GraphFiles.Read(source, parse.GetValue(caseSensitive));
            string text = Write(graph, format, source);
            List<string> losses = ConversionLosses.Find(graph, GraphFile.Read(text, format, target, graph.CaseSensitive), format);
            if (losses.Count > 0 && !parse.GetValue(lossy))
            {
                foreach (string loss in losses)
                {
                    host.Error.WriteLine($"reflow: {Name(format)} cannot hold {loss}.");
                }

                throw new CliUsageException($"{source} cannot be converted to {Name(format)} without dropping what is listed above: give --lossy to convert anyway, or choose another format with --to.");
            }

            foreach (string loss in losses)
            {
                host.Error.WriteLine($"reflow: warning: {Name(format)} cannot hold {loss}; it is left out of {target}.");
            }

            if (target == "-")
            {
                host.Out.Write(text);
            }
            else
            {
                GraphFile.Save(graph, target, format);
                host.Error.WriteLine($"{source} → {target} ({format}): {graph.Nodes.Count} nodes, {graph.Connections.Count} connections, {graph.Initials.Count} IIPs");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The graph as text; what the format cannot spell at all (a node id with a space in .fbp) is a usage error naming it.</summary>
    private static string Write(Graph graph, GraphFormat format, string source)
    {
        try
        {
            return GraphFile.Write(graph, format);
        }
        catch (ArgumentException e) when (format == GraphFormat.Fbp)
        {
            throw new CliUsageException($"{source} cannot be converted to {Name(format)}: {e.Message}", e);
        }
    }

    private static string Name(GraphFormat format) => format switch
    {
        GraphFormat.Fbp => "the .fbp DSL",
        GraphFormat.ReflowJson => "Reflow JSON",
        _ => "NoFlo JSON",
    };

    private static GraphFormat Format(GraphTarget? target, string path) => target switch
    {
        GraphTarget.Fbp => GraphFormat.Fbp,
        GraphTarget.Reflow => GraphFormat.ReflowJson,
        GraphTarget.NoFlo => GraphFormat.NoFloJson,
        _ when path.EndsWith(".fbp", StringComparison.OrdinalIgnoreCase) => GraphFormat.Fbp,
        _ when path.EndsWith(".noflo.json", StringComparison.OrdinalIgnoreCase) => GraphFormat.NoFloJson,
        _ when path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => GraphFormat.ReflowJson,
        _ => throw new CliUsageException($"Cannot tell the format of {path} from its name: give --to fbp, --to reflow or --to noflo."),
    };
}
