using System.Text.Json;
using Reflow.Graphs;

namespace Reflow.Cli.Tests;

/// <summary>Graph comparisons for conversion tests.</summary>
internal static class GraphAssert
{
    /// <summary>Same nodes and components, connections, IIPs and exported ports; with <paramref name="metadata"/>, same node metadata too.</summary>
    public static void Same(Graph expected, Graph actual, bool metadata = true)
    {
        Assert.Equal(expected.Nodes.Select(n => (n.Id, n.Component)), actual.Nodes.Select(n => (n.Id, n.Component)));
        Assert.Equal(expected.Connections.Select(c => c.ToString()), actual.Connections.Select(c => c.ToString()));
        Assert.Equal(expected.Initials.Select(i => i.ToString()), actual.Initials.Select(i => i.ToString()));
        Assert.Equal(expected.InPorts.Select(p => (p.Name, p.Target)), actual.InPorts.Select(p => (p.Name, p.Target)));
        Assert.Equal(expected.OutPorts.Select(p => (p.Name, p.Target)), actual.OutPorts.Select(p => (p.Name, p.Target)));
        if (metadata)
        {
            foreach ((GraphNode e, GraphNode a) in expected.Nodes.Zip(actual.Nodes))
            {
                Assert.Equal(e.Metadata.Keys, a.Metadata.Keys);
                Assert.All(e.Metadata, entry => Assert.True(JsonElement.DeepEquals(entry.Value, a.Metadata[entry.Key]), $"metadata {entry.Key} of node {e.Id}"));
            }
        }
    }
}
