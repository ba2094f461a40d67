using System.CommandLine;
using System.Text.Json;
using Reflow.Graphs;
using Reflow.Graphs.Analysis;

namespace Reflow.Cli.Commands;

/// <summary><c>reflow inspect &lt;graph&gt;</c>: the graph's structure — nodes, edges, exported ports, levels, parallel branches, cycles, bottleneck candidates.</summary>
internal static class InspectCommand
{
    public static Command Create(CliHost host)
    {
        Argument<string> graph = CommonOptions.Graph();
        Option<OutputFormat> output = CommonOptions.Output();
        var command = new Command("inspect", "Show a graph's structure: nodes, edges, IIPs, exported ports, topological levels, parallel branches, cycles and bottleneck candidates.")
        {
            graph, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(graph);
            Graph model = GraphFiles.Read(path);
            var facts = new Facts(
                GraphAnalysis.Levels(model), GraphAnalysis.ParallelBranches(model), GraphAnalysis.Cycles(model, limit: 100), GraphAnalysis.Bottlenecks(model));
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                host.Out.WriteLine(Running.RunReport.Json(w => WriteJson(w, path, model, facts)));
            }
            else
            {
                WriteText(host.Out, path, model, facts);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteText(TextWriter o, string path, Graph graph, Facts facts)
    {
        o.WriteLine($"{path}{(graph.Name is { } name ? $" (graph '{name}')" : "")}: {graph.Nodes.Count} nodes, {graph.Connections.Count} edges, {graph.Initials.Count + graph.ExportedPortInitials.Count} IIPs");
        o.WriteLine("\nnodes");
        foreach (GraphNode node in graph.Nodes)
        {
            o.WriteLine($"  {node.Id} ({node.Component})");
        }

        o.WriteLine("\nedges");
        foreach (GraphConnection connection in graph.Connections)
        {
            o.WriteLine($"  {connection}{(connection.Capacity is { } c ? $" [capacity {c}]" : "")}");
        }

        foreach (GraphInitial initial in graph.Initials)
        {
            o.WriteLine($"  IIP {initial}");
        }

        if (graph.InPorts.Count + graph.OutPorts.Count > 0)
        {
            o.WriteLine("\nexported ports");
            foreach (ExportedPort port in graph.InPorts.Concat(graph.OutPorts))
            {
                o.WriteLine($"  {(port.Direction == PortDirection.In ? "in " : "out")} {port.Name} = {port.Target}");
            }
        }

        o.WriteLine("\nlevels (stages; nodes on one level may run in parallel)");
        for (int i = 0; i < facts.Levels.Count; i++)
        {
            o.WriteLine($"  {i}: {string.Join(", ", facts.Levels[i])}");
        }

        o.WriteLine("\nparallel branches" + (facts.Branches.Count == 0 ? ": none" : ""));
        foreach (ParallelBranch branch in facts.Branches)
        {
            o.WriteLine($"  from {branch.Fork}: {string.Join(" -> ", branch.Nodes)}{(branch.Join is { } join ? $" (joins at {join})" : "")}");
        }

        o.WriteLine("\ncycles" + (facts.Cycles.Count == 0 ? ": none" : ""));
        foreach (IReadOnlyList<string> cycle in facts.Cycles)
        {
            o.WriteLine($"  {string.Join(" -> ", cycle)} -> {cycle[0]}");
        }

        o.WriteLine("\nbottleneck candidates" + (facts.Bottlenecks.Count == 0 ? ": none" : ""));
        foreach (Bottleneck bottleneck in facts.Bottlenecks)
        {
            o.WriteLine($"  {bottleneck.Kind}: {string.Join(", ", bottleneck.Nodes)} — {bottleneck.Reason}");
        }
    }

    private static void WriteJson(Utf8JsonWriter w, string path, Graph graph, Facts facts)
    {
        w.WriteString("graph", path);
        w.WriteStartArray("nodes");
        foreach (GraphNode node in graph.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("id", node.Id);
            w.WriteString("component", node.Component);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (GraphConnection connection in graph.Connections)
        {
            w.WriteStringValue(connection.ToString());
        }

        w.WriteEndArray();
        WriteLists(w, "levels", facts.Levels);
        w.WriteStartArray("parallelBranches");
        foreach (ParallelBranch branch in facts.Branches)
        {
            w.WriteStartObject();
            w.WriteString("fork", branch.Fork);
            WriteStrings(w, "nodes", branch.Nodes);
            w.WriteString("join", branch.Join);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteLists(w, "cycles", facts.Cycles);
        w.WriteStartArray("bottlenecks");
        foreach (Bottleneck bottleneck in facts.Bottlenecks)
        {
            w.WriteStartObject();
            w.WriteString("kind", bottleneck.Kind.ToString());
            WriteStrings(w, "nodes", bottleneck.Nodes);
            w.WriteString("reason", bottleneck.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteLists(Utf8JsonWriter w, string name, IReadOnlyList<IReadOnlyList<string>> lists)
    {
        w.WriteStartArray(name);
        foreach (IReadOnlyList<string> list in lists)
        {
            w.WriteStartArray();
            list.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private sealed record Facts(
        IReadOnlyList<IReadOnlyList<string>> Levels,
        IReadOnlyList<ParallelBranch> Branches,
        IReadOnlyList<IReadOnlyList<string>> Cycles,
        IReadOnlyList<Bottleneck> Bottlenecks);
}
