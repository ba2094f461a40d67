using System.Text.Json;
using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Tests.Graphs;

/// <summary>Every corpus file read → written → read gives an equal graph, in its own format and across formats.</summary>
public sealed class FormatRoundTripTests
{
    public static TheoryData<string, string> AllFiles()
    {
        var data = new TheoryData<string, string>();
        foreach ((string folder, string pattern) in new[] { ("fbp", "*.fbp"), ("noflo", "*.json"), ("reflow", "*.json") })
        {
            foreach (string file in GraphCorpus.Files(folder, pattern))
            {
                if (!file.EndsWith("anonymous-slashes.fbp", StringComparison.Ordinal))
                {
                    data.Add(folder, Path.GetFileName(file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void A_file_read_written_and_read_again_in_its_own_format_gives_an_equal_graph(string folder, string name)
    {
        Graph graph = Load(folder, name);
        Graph again = Reread(graph, FormatOf(folder));
        Assert.True(graph.ContentEquals(again), $"{name} changed through {FormatOf(folder)}:\n{ReflowJsonFormat.Write(graph)}\n---\n{ReflowJsonFormat.Write(again)}");
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Reflow_JSON_holds_everything_any_format_reads(string folder, string name)
    {
        Graph graph = Load(folder, name);
        Assert.True(graph.ContentEquals(Reread(graph, GraphFormat.ReflowJson)));
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void NoFlo_JSON_keeps_all_but_exported_port_IIPs_and_extensions(string folder, string name)
    {
        Graph graph = Load(folder, name);
        Graph again = Reread(graph, GraphFormat.NoFloJson);
        Assert.Equal(Summary(graph, metadata: true), Summary(again, metadata: true));
        Assert.True(again.Extensions.IsEmpty);
        Assert.Empty(again.ExportedPortInitials);
        // …and going on to Reflow JSON and back to NoFlo changes nothing more.
        Assert.True(again.ContentEquals(Reread(Reread(again, GraphFormat.ReflowJson), GraphFormat.NoFloJson)));
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void The_DSL_keeps_nodes_edges_IIPs_exported_ports_and_the_name(string folder, string name)
    {
        Graph graph = Load(folder, name);
        Graph again = Reread(graph, GraphFormat.Fbp);
        Assert.Equal(Summary(graph, metadata: false), Summary(again, metadata: false));
        Assert.Equal(graph.Name, again.Name);
        // The DSL's own text is stable: writing what it read gives the same text.
        Assert.Equal(FbpFormat.Write(again), FbpFormat.Write(Reread(again, GraphFormat.Fbp)));
    }

    [Fact]
    public void The_DSL_writer_refuses_ids_it_cannot_spell()
    {
        Graph graph = Load("fbp", "anonymous-slashes.fbp");
        Assert.Contains(graph.Nodes, n => n.Id == "_a_b/c_1");
        var error = Assert.Throws<ArgumentException>(() => FbpFormat.Write(graph));
        Assert.Contains("'_a_b/c_1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_DSL_keeps_node_metadata_it_can_spell_and_leaves_out_the_rest()
    {
        var graph = new Graph(caseSensitive: true);
        graph.AddNode("a", "A", GraphMetadata.Parse("""{"x": 10, "y": null, "label": "ok_1", "": "e", "routes": "", "spaced": "no way", "deep": {"a": 1}, "x2": 1.5}"""));
        Graph again = Reread(graph, GraphFormat.Fbp);
        Assert.Equal(GraphMetadata.Parse("""{"x": 10, "y": null, "label": "ok_1", "": "e", "routes": ""}"""), again.GetNode("a")!.Metadata);
    }

    [Fact]
    public void Every_JSON_value_survives_as_a_DSL_IIP()
    {
        var graph = new Graph(caseSensitive: true);
        graph.AddNode("a", "A");
        string[] values = ["true", "false", "null", "0", "-1.25e-3", "\"ends with \\\\\"", "\"it's\"", "\"tab\\tand\\nnewline\"", "\"\"", "[]", "{}", """{"k":[1,{"n":null}]}"""];
        foreach (string value in values)
        {
            graph.AddInitial("a", "in", JsonElement.Parse(value));
        }

        Graph again = Reread(graph, GraphFormat.Fbp);
        Assert.Equal(graph.Initials, again.Initials);
    }

    [Fact]
    public void A_Reflow_graph_keeps_the_originals_quirks_through_a_round_trip()
    {
        Graph graph = Load("reflow", "full.graph.json");
        Assert.Equal(JsonValues.String("Python"), graph.GetNode("script")!.Metadata[ReflowJsonFormat.ScriptRuntimeKey], JsonElementComparer.Instance);
        ExportedPortInitial initial = Assert.Single(graph.ExportedPortInitials);
        Assert.Equal("settings", initial.InPort);
        Assert.Equal(new NodePort("script", "Config"), graph.GetExportedPort(PortDirection.In, "settings")!.Target);
        Assert.Equal(new NodePort("script", "Input", 1), graph.Connections[0].To);
        Assert.Equal(256, graph.Connections[0].Capacity);
        Assert.True(graph.GetExportedPort(PortDirection.Out, "log")!.Metadata.ContainsKey(ReflowJsonFormat.PortTypeKey));

        string written = ReflowJsonFormat.Write(graph);
        using JsonDocument document = JsonDocument.Parse(written);
        JsonElement script = document.RootElement.GetProperty("processes").GetProperty("script");
        Assert.Equal("Python", script.GetProperty("scriptRuntime").GetString());
        Assert.False(script.GetProperty("metadata").TryGetProperty("scriptRuntime", out _));
        Assert.Equal("array", document.RootElement.GetProperty("outports").GetProperty("log").GetProperty("portType").GetProperty("type").GetString());
    }

    [Fact]
    public void Snake_case_keys_read_like_camel_case_and_workspace_keys_are_kept()
    {
        Graph snake = Load("reflow", "snake.graph.json");
        Assert.False(snake.CaseSensitive);
        Assert.Equal(new NodePort("a", "out"), snake.Connections[0].From);
        Assert.Equal(new NodePort("a", "go"), snake.GetExportedPort(PortDirection.In, "START")!.Target);
        Assert.Equal("JavaScript", snake.GetNode("a")!.Metadata.GetString(ReflowJsonFormat.ScriptRuntimeKey));

        Graph transformer = Load("reflow", "transformer.graph.json");
        Assert.Equal(["graph_dependencies", "external_connections", "provided_interfaces", "required_interfaces"], transformer.Extensions.Keys);
        Assert.Contains("\"external_connections\"", ReflowJsonFormat.Write(transformer), StringComparison.Ordinal);
    }

    [Fact]
    public void GraphFile_tells_the_formats_apart_and_saves_whole_files()
    {
        Assert.Equal(GraphFormat.ReflowJson, GraphFile.DetectJsonFormat(GraphCorpus.Read("reflow", "full.graph.json")));
        Assert.Equal(GraphFormat.ReflowJson, GraphFile.DetectJsonFormat(GraphCorpus.Read("reflow", "snake.graph.json")));
        Assert.Equal(GraphFormat.NoFloJson, GraphFile.DetectJsonFormat(GraphCorpus.Read("noflo", "full.json")));

        string directory = Path.Combine(Path.GetTempPath(), "reflow-graphfile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            Graph graph = GraphFile.Load(GraphCorpus.PathOf("noflo", "full.json"));
            foreach ((GraphFormat format, string file) in new[] { (GraphFormat.ReflowJson, "g.json"), (GraphFormat.NoFloJson, "n.json") })
            {
                string path = Path.Combine(directory, file);
                GraphFile.Save(graph, path, format);
                Assert.True(graph.ContentEquals(GraphFile.Load(path)), file);
            }

            Assert.Equal(["g.json", "n.json"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static Graph Load(string folder, string name) => folder switch
    {
        "fbp" => FbpFormat.Read(GraphCorpus.Read(folder, name), name, caseSensitive: name.Contains(".case-sensitive.", StringComparison.Ordinal)),
        "noflo" => NoFloJsonFormat.Read(GraphCorpus.Read(folder, name), name),
        _ => ReflowJsonFormat.Read(GraphCorpus.Read(folder, name), name),
    };

    private static GraphFormat FormatOf(string folder) => folder switch
    {
        "fbp" => GraphFormat.Fbp,
        "noflo" => GraphFormat.NoFloJson,
        _ => GraphFormat.ReflowJson,
    };

    private static Graph Reread(Graph graph, GraphFormat format) => format == GraphFormat.Fbp
        ? FbpFormat.Read(FbpFormat.Write(graph), caseSensitive: graph.CaseSensitive)
        : GraphFile.Read(GraphFile.Write(graph, format), format);

    /// <summary>JSON text with every number written as the double it denotes (the DSL reads numbers as JavaScript does).</summary>
    private static string Canonical(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.Array => "[" + string.Join(",", value.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.Object => "{" + string.Join(",", value.EnumerateObject().Select(p => JsonValues.ToJson(JsonValues.String(p.Name)) + ":" + Canonical(p.Value))) + "}",
        _ => JsonValues.ToJson(value),
    };

    /// <summary>
    /// What both formats hold, one line per element: nodes, edges, IIPs (exported-port IIPs resolved to their
    /// node ports), exported ports and groups. Port names are lowercased in a case-insensitive graph, where their
    /// case means nothing. Metadata and groups only when <paramref name="metadata"/> (the DSL holds neither).
    /// </summary>
    private static List<string> Summary(Graph graph, bool metadata)
    {
        string P(string port) => graph.CaseSensitive ? port : port.ToLowerInvariant();
        string Port(NodePort p) => $"{p.Node}.{P(p.Port)}[{p.Index}]";
        string M(GraphMetadata m) => metadata ? " " + string.Join(",", m.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + JsonValues.ToJson(e.Value))) : "";
        var lines = new List<string> { "case " + graph.CaseSensitive };
        lines.AddRange(graph.Nodes.OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => $"node {n.Id} {n.Component}{M(n.Metadata)}"));
        lines.AddRange(graph.Connections.Select(c => $"edge {Port(c.From)} -> {Port(c.To)}{M(c.Metadata)}"));
        var initials = graph.Initials.ToList();
        foreach (ExportedPortInitial i in graph.ExportedPortInitials)
        {
            initials.Add(new GraphInitial(graph.GetExportedPort(PortDirection.In, i.InPort)!.Target, i.Data, i.Metadata));
        }

        lines.AddRange(initials.Select(i => $"iip {Canonical(i.Data)} -> {Port(i.To)}{M(i.Metadata)}"));
        lines.AddRange(graph.InPorts.Concat(graph.OutPorts).OrderBy(p => p.Direction).ThenBy(p => P(p.Name), StringComparer.Ordinal)
            .Select(p => $"port {p.Direction} {P(p.Name)} {p.Target.Node}.{P(p.Target.Port)}{M(p.Metadata)}"));
        if (metadata)
        {
            lines.AddRange(graph.Groups.OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => $"group {g.Name} {string.Join(",", g.Nodes)}{M(g.Metadata)}"));
            lines.Add("properties" + M(graph.Properties));
        }

        return lines;
    }
}
