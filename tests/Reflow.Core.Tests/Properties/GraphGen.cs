using System.Text.Json;
using CsCheck;
using Reflow.Graphs;

namespace Reflow.Tests.Properties;

/// <summary>What a graph format can hold, so a generated graph holds no more than its format can write back.</summary>
/// <param name="Metadata">Metadata on the graph, connections, IIPs and exported ports, and groups.</param>
/// <param name="PortInitials">IIPs sent to exported in-ports.</param>
/// <param name="Extensions">Reflow JSON's workspace keys.</param>
/// <param name="DslNames">Only ids and names the <c>.fbp</c> DSL can spell, node metadata only of its character set.</param>
internal sealed record GraphProfile(bool Metadata, bool PortInitials, bool Extensions, bool DslNames)
{
    public static readonly GraphProfile ReflowJson = new(true, true, true, false);
    public static readonly GraphProfile NoFloJson = new(true, false, false, false);
    public static readonly GraphProfile Fbp = new(false, false, false, true); // the DSL writes an exported port's IIPs to the node port behind it
}

/// <summary>Random graphs: nodes, repeated and indexed edges, IIPs of any JSON, exported ports, groups and metadata.</summary>
internal static class GraphGen
{
    private static readonly Gen<char> DslFirst = Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['A', 'Z'], Gen.Const('_'));

    private static Gen<string> DslName(Gen<char> rest) =>
        Gen.Select(DslFirst, rest.Array[0, 7]).Select((first, tail) => first + new string(tail));

    private static readonly Gen<string> DslNodeId = DslName(Gen.OneOf(Gen.Char.AlphaNumeric, Gen.OneOf('_', '-')));
    private static readonly Gen<string> DslPort = DslName(Gen.OneOf(Gen.Char.AlphaNumeric, Gen.OneOf('_', '.')));
    private static readonly Gen<string> DslComponent = Gen.OneOf(Gen.Char.AlphaNumeric, Gen.OneOf('/', '-', '_', '.')).Array[1, 12].Select(c => new string(c));
    private static readonly Gen<string> DslMetaText = Gen.OneOf(Gen.Char.AlphaNumeric, Gen.OneOf('/', '_')).Array[0, 8].Select(c => new string(c));

    /// <summary>A graph that <paramref name="profile"/>'s format can hold all of.</summary>
    public static Gen<Graph> For(GraphProfile profile)
    {
        Gen<string> nodeId = profile.DslNames ? DslNodeId : Generators.Text(8).Where(s => s.Length > 0);
        Gen<string> port = profile.DslNames ? DslPort : Generators.Text(6).Where(s => s.Length > 0);
        Gen<string> component = profile.DslNames ? DslComponent : Generators.Text(10).Where(s => s.Length > 0);
        Gen<GraphMetadata> metadata = profile.Metadata ? Metadata(Generators.Text(6), Generators.Json(2)) : Gen.Const(GraphMetadata.Empty);
        Gen<GraphMetadata> nodeMetadata = profile.DslNames
            ? Metadata(DslMetaText.Where(k => k is not ("x" or "y" or "routes")), DslMetaText.Select(JsonValues.String))
            : metadata;
        Gen<int?> index = Gen.Frequency((3, Gen.Const((int?)null)), (1, Gen.Int[0, 40].Select(i => (int?)i)));
        Gen<int> pick = Gen.Int[0, int.MaxValue];

        var nodes = Gen.Select(nodeId, component, nodeMetadata).Array[1, 8];
        var connections = Gen.Select(pick, port, index, pick, port, index, metadata).Array[0, 10];
        var initials = Gen.Select(Generators.Json(3), pick, port, index, metadata).Array[0, 6];
        var exported = Gen.Select(Gen.Bool, port, pick, port, metadata).Array[0, 4];
        var portInitials = profile.PortInitials ? Gen.Select(pick, Generators.Json(2), metadata).Array[0, 3] : Gen.Const(() => Array.Empty<(int, JsonElement, GraphMetadata)>());
        var groups = profile.Metadata ? Gen.Select(Generators.Text(6).Where(n => n.Length > 0), pick.Array[0, 4], metadata).Array[0, 3] : Gen.Const(() => Array.Empty<(string, int[], GraphMetadata)>());
        Gen<GraphMetadata> properties = profile.Metadata
            ? metadata
            // The DSL writes a name of letters, digits, '-', '_', '.' and inner spaces as `# @name`.
            : Gen.Char.AlphaNumeric.Array[1, 8].Select(n => GraphMetadata.From([KeyValuePair.Create("name", JsonValues.String(new string(n)))]));
        Gen<JsonElement?> extension = profile.Extensions
            ? Gen.Frequency((2, Gen.Const((JsonElement?)null)), (1, Generators.Json(2).Select(j => (JsonElement?)j)))
            : Gen.Const((JsonElement?)null);
        Gen<bool> caseSensitive = profile.DslNames ? Gen.Const(true) : Gen.Bool;

        return Gen.Select(Gen.Select(caseSensitive, properties, nodes, connections), Gen.Select(initials, exported, portInitials, groups, extension))
            .Select((a, b) => Build(a.Item1, a.Item2, a.Item3, a.Item4, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5));
    }

    private static Gen<GraphMetadata> Metadata(Gen<string> key, Gen<JsonElement> value) =>
        Gen.Select(key, value).Array[0, 3].Select(entries =>
        {
            var unique = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach ((string k, JsonElement v) in entries)
            {
                unique.TryAdd(k, v);
            }

            return GraphMetadata.From(unique);
        });

    private static Graph Build(
        bool caseSensitive,
        GraphMetadata properties,
        (string Id, string Component, GraphMetadata Metadata)[] nodes,
        (int From, string FromPort, int? FromIndex, int To, string ToPort, int? ToIndex, GraphMetadata Metadata)[] connections,
        (JsonElement Data, int To, string Port, int? Index, GraphMetadata Metadata)[] initials,
        (bool In, string Name, int Node, string Port, GraphMetadata Metadata)[] exported,
        (int Port, JsonElement Data, GraphMetadata Metadata)[] portInitials,
        (string Name, int[] Nodes, GraphMetadata Metadata)[] groups,
        JsonElement? extension)
    {
        var graph = new Graph(caseSensitive: caseSensitive, properties: properties);
        foreach ((string id, string component, GraphMetadata metadata) in nodes)
        {
            if (!graph.HasNode(id))
            {
                graph.AddNode(id, component, metadata);
            }
        }

        IReadOnlyList<GraphNode> all = graph.Nodes;
        string Node(int pick) => all[pick % all.Count].Id;
        foreach (var c in connections)
        {
            graph.Connect(new NodePort(Node(c.From), c.FromPort, c.FromIndex), new NodePort(Node(c.To), c.ToPort, c.ToIndex), c.Metadata);
        }

        foreach (var i in initials)
        {
            graph.AddInitial(new NodePort(Node(i.To), i.Port, i.Index), i.Data, i.Metadata);
        }

        foreach (var e in exported)
        {
            PortDirection direction = e.In ? PortDirection.In : PortDirection.Out;
            if (graph.GetExportedPort(direction, e.Name) is null)
            {
                graph.ExportPort(direction, e.Name, new NodePort(Node(e.Node), e.Port), e.Metadata);
            }
        }

        foreach (var p in portInitials)
        {
            if (graph.InPorts.Count > 0)
            {
                graph.AddExportedPortInitial(graph.InPorts[p.Port % graph.InPorts.Count].Name, p.Data, p.Metadata);
            }
        }

        foreach (var g in groups)
        {
            if (graph.GetGroup(g.Name) is null)
            {
                graph.AddGroup(g.Name, g.Nodes.Select(Node).Distinct(), g.Metadata);
            }
        }

        if (extension is JsonElement value)
        {
            graph.Extensions = GraphMetadata.From([KeyValuePair.Create("graphDependencies", value)]);
        }

        return graph;
    }
}
