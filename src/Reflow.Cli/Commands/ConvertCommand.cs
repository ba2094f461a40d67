using System.CommandLine;
using Reflow.Graphs;

namespace Reflow.Cli.Commands;

/// <summary><c>reflow convert &lt;in&gt; &lt;out&gt;</c>: a graph from one format to another.</summary>
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
        var command = new Command("convert", "Convert a graph between the .fbp DSL, Reflow JSON and NoFlo JSON (nodes, edges, IIPs, exported ports, groups and the metadata the target can hold).")
        {
            input, output, to,
        };
        command.SetAction(parse =>
        {
            string source = parse.GetRequiredValue(input);
            string target = parse.GetRequiredValue(output);
            GraphFormat format = Format(parse.GetValue(to), target);
            Graph graph = GraphFiles.Read(source);
            string text = GraphFile.Write(graph, format);
            foreach (string loss in ConversionLosses.Find(graph, GraphFile.Read(text, format, target)))
            {
                host.Error.WriteLine($"reflow: warning: {format} cannot hold {loss}; it is left out of {target}.");
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
