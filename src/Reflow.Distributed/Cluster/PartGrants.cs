using Reflow.Graphs;

namespace Reflow.Distributed.Cluster;

/// <summary>
/// A part graph is the coordinator's, and a node's <c>permissions</c> setting in it would be a grant from the
/// coordinator: on a node it would replace the node's own grants for that graph node (an <c>io/ReadLines</c> given
/// <c>read: "*"</c> could send any file of the machine back). So a node refuses a part whose graph carries one: what a
/// part may reach is the node's to decide (<c>reflow node --allow-*</c>, its configuration), as what its component
/// names mean is.
/// </summary>
internal static class PartGrants
{
    /// <summary>The node setting that holds a grant (Reflow.Core's <c>NodePermissions.Key</c>).</summary>
    public const string Key = "permissions";

    /// <exception cref="ClusterException">A graph node carries a <c>permissions</c> setting.</exception>
    public static void RefuseGraphGrants(Graph graph, string node)
    {
        foreach (GraphNode graphNode in graph.Nodes)
        {
            if (graphNode.Metadata.ContainsKey(Key))
            {
                throw new ClusterException($"graph node '{graphNode.Id}' has a '{Key}' setting, a grant written in the coordinator's graph, which node '{node}' does not take: a part runs under the node's own grants (reflow node --allow-*, its [permissions] and [runtimes.*] configuration). Remove the setting and grant what the part needs on the node.");
            }
        }
    }
}
