using Reflow.Graphs;

namespace Reflow.Cli.Commands;

/// <summary>
/// What a conversion could not carry over: the written text is read back and compared with the graph, so a format
/// that cannot hold something (the .fbp DSL keeps only simple metadata values) is reported, not silently dropped.
/// </summary>
internal static class ConversionLosses
{
    public static List<string> Find(Graph original, Graph written)
    {
        var losses = new List<string>();
        foreach (GraphNode node in original.Nodes)
        {
            GraphNode? copy = written.Nodes.FirstOrDefault(n => n.Id == node.Id);
            if (copy is null)
            {
                losses.Add($"node '{node.Id}'");
                continue;
            }

            string[] missing = [.. node.Metadata.Where(e => !copy.Metadata.TryGetValue(e.Key, out System.Text.Json.JsonElement v) || !System.Text.Json.JsonElement.DeepEquals(v, e.Value)).Select(e => e.Key)];
            if (missing.Length > 0)
            {
                losses.Add($"metadata {string.Join(", ", missing)} of node '{node.Id}'");
            }
        }

        Compare(losses, "connections", original.Connections.Count, written.Connections.Count);
        Compare(losses, "IIPs", original.Initials.Count + original.ExportedPortInitials.Count, written.Initials.Count + written.ExportedPortInitials.Count);
        Compare(losses, "exported ports", original.InPorts.Count + original.OutPorts.Count, written.InPorts.Count + written.OutPorts.Count);
        Compare(losses, "groups", original.Groups.Count, written.Groups.Count);
        string[] properties = [.. original.Properties.Keys.Where(k => !written.Properties.ContainsKey(k))];
        if (properties.Length > 0)
        {
            losses.Add($"graph properties {string.Join(", ", properties)}");
        }

        return losses;
    }

    private static void Compare(List<string> losses, string what, int before, int after)
    {
        if (after < before)
        {
            losses.Add($"{before - after} of {before} {what}");
        }
    }
}
