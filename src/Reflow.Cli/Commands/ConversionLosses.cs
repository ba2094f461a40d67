using System.Text.Json;
using Reflow.Graphs;

namespace Reflow.Cli.Commands;

/// <summary>
/// What a conversion could not carry over: the written text is read back and compared with the graph, part by part,
/// so whatever a format cannot hold (the .fbp DSL has no groups, no connection, IIP or exported-port metadata, no
/// index on an exported port, only simple node metadata values) is named, never silently dropped.
/// </summary>
internal static class ConversionLosses
{
    /// <summary>Each thing <paramref name="written"/> (the text read back) lacks of <paramref name="original"/>, in words.</summary>
    public static List<string> Find(Graph original, Graph written, GraphFormat format)
    {
        var losses = new List<string>();
        var copies = written.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        foreach (GraphNode node in original.Nodes)
        {
            if (!copies.TryGetValue(node.Id, out GraphNode? copy))
            {
                losses.Add($"node '{node.Id}'");
                continue;
            }

            Metadata(losses, $"node '{node.Id}'", node.Metadata, copy.Metadata);
        }

        Compare(losses, "connections", original.Connections.Count, written.Connections.Count);
        for (int i = 0; i < Math.Min(original.Connections.Count, written.Connections.Count); i++)
        {
            Metadata(losses, $"connection {original.Connections[i]}", original.Connections[i].Metadata, written.Connections[i].Metadata);
        }

        Compare(losses, "IIPs", original.Initials.Count + original.ExportedPortInitials.Count, written.Initials.Count + written.ExportedPortInitials.Count);
        foreach (var (before, after) in original.Initials.Zip(written.Initials))
        {
            Metadata(losses, $"the IIP to {before.To}", before.Metadata, after.Metadata);
        }

        foreach (ExportedPortInitial initial in original.ExportedPortInitials.Where(i => !written.ExportedPortInitials.Any(w => w.InPort == i.InPort)))
        {
            losses.Add($"the IIP on exported in-port '{initial.InPort}' as such (it is written to the node port behind it)");
        }

        Compare(losses, "exported ports", original.InPorts.Count + original.OutPorts.Count, written.InPorts.Count + written.OutPorts.Count);
        foreach (ExportedPort port in original.InPorts.Concat(original.OutPorts))
        {
            ExportedPort? copy = (port.Direction == PortDirection.In ? written.InPorts : written.OutPorts).FirstOrDefault(p => p.Name == port.Name);
            if (copy is null)
            {
                continue;
            }

            if (copy.Target.Index != port.Target.Index)
            {
                losses.Add($"the index of exported port '{port.Name}' ({port.Target})");
            }

            Metadata(losses, $"exported port '{port.Name}'", port.Metadata, copy.Metadata);
        }

        Compare(losses, "groups", original.Groups.Count, written.Groups.Count);
        Metadata(losses, "the graph", original.Properties, written.Properties, "properties");
        string[] extensions = [.. original.Extensions.Keys.Where(k => !written.Extensions.ContainsKey(k))];
        if (extensions.Length > 0)
        {
            losses.Add($"the workspace entries {string.Join(", ", extensions)}");
        }

        if (format == GraphFormat.Fbp && original.CaseSensitive && PortNames(original).Any(n => n.Any(char.IsUpper)))
        {
            losses.Add("the case of port names (a .fbp file is read case-insensitively, with port names lowercased, unless --case-sensitive is given)");
        }

        return losses;
    }

    private static IEnumerable<string> PortNames(Graph graph) =>
        graph.Connections.SelectMany(c => new[] { c.From.Port, c.To.Port })
            .Concat(graph.Initials.Select(i => i.To.Port))
            .Concat(graph.InPorts.Concat(graph.OutPorts).SelectMany(p => new[] { p.Name, p.Target.Port }));

    private static void Metadata(List<string> losses, string owner, GraphMetadata before, GraphMetadata after, string what = "metadata")
    {
        string[] missing = [.. before.Where(e => !after.TryGetValue(e.Key, out JsonElement v) || !JsonElement.DeepEquals(v, e.Value)).Select(e => e.Key)];
        if (missing.Length > 0)
        {
            losses.Add($"{what} {string.Join(", ", missing)} of {owner}");
        }
    }

    private static void Compare(List<string> losses, string what, int before, int after)
    {
        if (after < before)
        {
            losses.Add($"{before - after} of {before} {what}");
        }
    }
}
