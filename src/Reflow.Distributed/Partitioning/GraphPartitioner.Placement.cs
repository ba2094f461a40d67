using Reflow.Graphs;

namespace Reflow.Distributed.Partitioning;

// Which cluster node runs which graph node: the deployment's [placement], then the node's metadata, then its
// neighbours, then the first cluster node. Deterministic: the same graph, file and cluster give the same answer.
internal static partial class GraphPartitioner
{
    /// <summary>The metadata key of a graph node that names its cluster node when the deployment does not.</summary>
    public const string PlacementKey = "placement";

    private static Dictionary<string, string> Place(Graph graph, DeploymentFile deployment, string[] live, List<string> problems)
    {
        var placement = new Dictionary<string, string>(StringComparer.Ordinal);
        var liveSet = new HashSet<string>(live, StringComparer.Ordinal);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (GraphNode node in graph.Nodes)
        {
            if (!TryPlaceExplicitly(node, deployment, matched, problems, out string? clusterNode, out string? where))
            {
                continue;
            }

            if (!liveSet.Contains(clusterNode))
            {
                problems.Add($"graph node '{node.Id}' is placed on cluster node '{clusterNode}' by {where}, which is not a live cluster node; the live cluster nodes are {string.Join(", ", live)}");
                continue;
            }

            placement[node.Id] = clusterNode;
        }

        foreach (string pattern in deployment.Placement.Keys)
        {
            if (!matched.Contains(pattern))
            {
                problems.Add($"{deployment.Where("placement", pattern)} matches no node of the graph; its nodes are {List(graph.Nodes.Select(n => n.Id))}");
            }
        }

        if (problems.Count == 0)
        {
            PlaceWithNeighbours(graph, placement);
            foreach (GraphNode node in graph.Nodes)
            {
                // Connected to nothing placed (or nothing is placed at all): the first cluster node, by name.
                placement.TryAdd(node.Id, live[0]);
            }
        }

        return placement;
    }

    /// <summary>The deployment's exact key, else its globs (which must agree), else the node's metadata.</summary>
    private static bool TryPlaceExplicitly(
        GraphNode node, DeploymentFile deployment, HashSet<string> matched, List<string> problems, out string clusterNode, out string where)
    {
        clusterNode = "";
        where = "";
        if (deployment.Placement.TryGetValue(node.Id, out string? exact))
        {
            matched.Add(node.Id);
            (clusterNode, where) = (exact, deployment.Where("placement", node.Id));
            foreach (KeyValuePair<string, string> rule in deployment.Placement)
            {
                if (IsGlob(rule.Key) && GlobMatches(rule.Key, node.Id))
                {
                    matched.Add(rule.Key); // overridden here, but it did match: not "matches nothing"
                }
            }

            return true;
        }

        string? globPattern = null;
        foreach (KeyValuePair<string, string> rule in deployment.Placement)
        {
            if (!IsGlob(rule.Key) || !GlobMatches(rule.Key, node.Id))
            {
                continue;
            }

            matched.Add(rule.Key);
            if (globPattern is null)
            {
                (globPattern, clusterNode) = (rule.Key, rule.Value);
            }
            else if (!string.Equals(clusterNode, rule.Value, StringComparison.Ordinal))
            {
                problems.Add(
                    $"graph node '{node.Id}' is claimed by {deployment.Where("placement", globPattern)} for cluster node '{clusterNode}' " +
                    $"and by {deployment.Where("placement", rule.Key)} for '{rule.Value}'; name the node exactly in [placement] to settle it");
                return false;
            }
        }

        if (globPattern is not null)
        {
            where = deployment.Where("placement", globPattern);
            return true;
        }

        if (node.Metadata.TryGetValue(PlacementKey, out System.Text.Json.JsonElement value))
        {
            if (value.ValueKind != System.Text.Json.JsonValueKind.String || value.GetString() is not { Length: > 0 } name)
            {
                problems.Add($"graph node '{node.Id}' has the metadata '{PlacementKey}': {value.GetRawText()}, but it must be a string: the name of a cluster node");
                return false;
            }

            (clusterNode, where) = (name, $"its metadata '{PlacementKey}'");
            return true;
        }

        return false;
    }

    /// <summary>
    /// In rounds, until nothing changes: every unplaced node connected to placed ones takes the cluster node it has the
    /// most connections to (ties: the lower name, ordinal). A round reads only what earlier rounds placed, so the
    /// result does not depend on the order of the nodes in the graph.
    /// </summary>
    private static void PlaceWithNeighbours(Graph graph, Dictionary<string, string> placement)
    {
        var neighbours = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (GraphConnection c in graph.Connections)
        {
            if (!string.Equals(c.From.Node, c.To.Node, StringComparison.Ordinal))
            {
                NeighboursOf(neighbours, c.From.Node).Add(c.To.Node);
                NeighboursOf(neighbours, c.To.Node).Add(c.From.Node);
            }
        }

        var round = new List<(string Node, string ClusterNode)>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        do
        {
            round.Clear();
            foreach (GraphNode node in graph.Nodes)
            {
                if (placement.ContainsKey(node.Id) || !neighbours.TryGetValue(node.Id, out List<string>? near))
                {
                    continue;
                }

                counts.Clear();
                foreach (string other in near)
                {
                    if (placement.TryGetValue(other, out string? clusterNode))
                    {
                        counts[clusterNode] = counts.GetValueOrDefault(clusterNode) + 1;
                    }
                }

                string? best = null;
                foreach ((string clusterNode, int count) in counts)
                {
                    if (best is null || count > counts[best] || (count == counts[best] && string.CompareOrdinal(clusterNode, best) < 0))
                    {
                        best = clusterNode;
                    }
                }

                if (best is not null)
                {
                    round.Add((node.Id, best));
                }
            }

            foreach ((string node, string clusterNode) in round)
            {
                placement[node] = clusterNode;
            }
        }
        while (round.Count > 0);
    }

    private static List<string> NeighboursOf(Dictionary<string, List<string>> neighbours, string node)
    {
        if (!neighbours.TryGetValue(node, out List<string>? list))
        {
            list = [];
            neighbours[node] = list;
        }

        return list;
    }

    private static bool IsGlob(string pattern) => pattern.Contains('*', StringComparison.Ordinal);

    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/>, in which <c>*</c> is any run of characters (also none, also <c>/</c>).</summary>
    internal static bool GlobMatches(string pattern, string text)
    {
        // Greedy with backtracking to the last star: linear for the patterns people write, never exponential.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static string List(IEnumerable<string> names)
    {
        string[] all = [.. names];
        return all.Length <= 20 ? string.Join(", ", all) : string.Join(", ", all.Take(20)) + $" … ({all.Length} in all)";
    }
}
