namespace Reflow.Graphs.Analysis;

/// <summary>
/// Structural analysis of a graph at node level (ports and parallel connections between two nodes count as
/// one link): stages, cycles, parallel branches, bottleneck candidates, reachability. Each call works on the
/// graph as it is; nothing is cached.
/// </summary>
public static class GraphAnalysis
{
    /// <summary>
    /// Topological levels (pipeline stages): level 0 holds the nodes nothing flows into, and every other node sits
    /// one level below the deepest node that flows into it. The nodes of one cycle share a level (the cycle is
    /// treated as one step), so every graph has levels. Nodes within a level are in graph order and may run in
    /// parallel.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Levels(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var adjacency = new NodeAdjacency(graph);
        List<int[]> components = adjacency.StronglyConnectedComponents();
        var componentOf = new int[adjacency.Count];
        for (int c = 0; c < components.Count; c++)
        {
            foreach (int node in components[c])
            {
                componentOf[node] = c;
            }
        }

        // Tarjan emits components sinks first, so walking them backwards meets every predecessor first.
        var level = new int[components.Count];
        for (int c = components.Count - 1; c >= 0; c--)
        {
            foreach (int node in components[c])
            {
                foreach (int predecessor in adjacency.Predecessors[node])
                {
                    if (componentOf[predecessor] != c)
                    {
                        level[c] = Math.Max(level[c], level[componentOf[predecessor]] + 1);
                    }
                }
            }
        }

        var levels = new List<List<string>>();
        for (int node = 0; node < adjacency.Count; node++)
        {
            int l = level[componentOf[node]];
            while (levels.Count <= l)
            {
                levels.Add([]);
            }

            levels[l].Add(adjacency.Ids[node]);
        }

        return levels;
    }

    /// <summary>The strongly connected components that contain a cycle (several nodes, or one node connected to itself).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> CyclicComponents(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var adjacency = new NodeAdjacency(graph);
        return [.. adjacency.StronglyConnectedComponents().Where(adjacency.IsCyclic).OrderBy(c => c[0]).Select(adjacency.Names)];
    }

    /// <summary>
    /// Every elementary cycle (Johnson's algorithm), each as its nodes in flow order starting from its
    /// first node in graph order; at most <paramref name="limit"/> of them, since a dense graph has exponentially many.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(Graph graph, int limit = 1000)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var adjacency = new NodeAdjacency(graph);
        var cycles = new List<IReadOnlyList<string>>();
        foreach (int[] component in adjacency.StronglyConnectedComponents().Where(adjacency.IsCyclic).OrderBy(c => c[0]))
        {
            new CycleFinder(adjacency, component).FindAll(cycles, limit);
        }

        return cycles;
    }

    /// <summary>The branches leaving each fork (see <see cref="ParallelBranch"/>), forks in graph order.</summary>
    public static IReadOnlyList<ParallelBranch> ParallelBranches(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var adjacency = new NodeAdjacency(graph);
        var branches = new List<ParallelBranch>();
        for (int fork = 0; fork < adjacency.Count; fork++)
        {
            if (adjacency.Successors[fork].Length < 2)
            {
                continue;
            }

            foreach (int first in adjacency.Successors[fork])
            {
                var nodes = new List<string>();
                string? join = null;
                var seen = new HashSet<int>();
                for (int node = first; seen.Add(node);)
                {
                    if (adjacency.Predecessors[node].Length > 1)
                    {
                        join = adjacency.Ids[node];
                        break;
                    }

                    nodes.Add(adjacency.Ids[node]);
                    if (adjacency.Successors[node].Length != 1)
                    {
                        break;
                    }

                    node = adjacency.Successors[node][0];
                }

                branches.Add(new ParallelBranch(adjacency.Ids[fork], nodes, join));
            }
        }

        return branches;
    }

    /// <summary>
    /// Bottleneck candidates: nodes of unusually high degree, articulation points on the flow, and sequential
    /// chains (see <see cref="BottleneckKind"/>). Structural only: a node's cost is not known here.
    /// </summary>
    public static IReadOnlyList<Bottleneck> Bottlenecks(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var adjacency = new NodeAdjacency(graph);
        var result = new List<Bottleneck>();
        int n = adjacency.Count;
        if (n == 0)
        {
            return result;
        }

        int[] degree = [.. Enumerable.Range(0, n).Select(i => adjacency.Successors[i].Length + adjacency.Predecessors[i].Length)];
        double mean = degree.Average();
        double deviation = Math.Sqrt(degree.Select(d => (d - mean) * (d - mean)).Average());
        for (int i = 0; i < n; i++)
        {
            if (degree[i] >= 3 && degree[i] > mean + (2 * deviation))
            {
                result.Add(new Bottleneck(BottleneckKind.HighDegree, [adjacency.Ids[i]],
                    $"degree {degree[i]} ({adjacency.Predecessors[i].Length} in, {adjacency.Successors[i].Length} out) against a mean of {mean:0.##} and a deviation of {deviation:0.##}"));
            }
        }

        foreach (int point in ArticulationPoints(adjacency))
        {
            if (adjacency.Predecessors[point].Length > 0 && adjacency.Successors[point].Length > 0)
            {
                result.Add(new Bottleneck(BottleneckKind.ArticulationPoint, [adjacency.Ids[point]],
                    "every path between the nodes before it and the nodes after it passes through it"));
            }
        }

        bool Simple(int i) => adjacency.Predecessors[i].Length == 1 && adjacency.Successors[i].Length == 1;
        var inChain = new bool[n];
        for (int i = 0; i < n; i++)
        {
            // A chain starts at a simple node whose predecessor is not simple (or is a cycle back into it).
            if (inChain[i] || !Simple(i) || (Simple(adjacency.Predecessors[i][0]) && !inChain[adjacency.Predecessors[i][0]] && adjacency.Predecessors[i][0] != i))
            {
                continue;
            }

            var chain = new List<int>();
            for (int node = i; Simple(node) && !inChain[node]; node = adjacency.Successors[node][0])
            {
                inChain[node] = true;
                chain.Add(node);
            }

            if (chain.Count >= 3)
            {
                result.Add(new Bottleneck(BottleneckKind.SequentialChain, adjacency.Names(chain),
                    $"{chain.Count} nodes in a row with one way in and one way out each"));
            }
        }

        return result;
    }

    /// <summary>Everything reachable from <paramref name="start"/> by following connections.</summary>
    /// <exception cref="ArgumentException">There is no such node.</exception>
    public static ReachableSubgraph Reachable(Graph graph, string start)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var adjacency = new NodeAdjacency(graph);
        if (!adjacency.Index.TryGetValue(start, out int origin))
        {
            throw new ArgumentException($"The graph has no node '{start}'.", nameof(start));
        }

        bool[] reached = Search(adjacency, [origin]);

        var exported = new HashSet<string>(graph.OutPorts.Select(p => p.Target.Node), StringComparer.Ordinal);
        int[] nodes = [.. Enumerable.Range(0, adjacency.Count).Where(i => reached[i])];
        return new ReachableSubgraph(
            start,
            adjacency.Names(nodes),
            [.. graph.Connections.Where(c => reached[adjacency.Index[c.From.Node]])],
            adjacency.Names(nodes.Where(i => adjacency.Successors[i].Length == 0 || exported.Contains(adjacency.Ids[i]))));
    }

    /// <summary>The ids of every node reachable from any of <paramref name="starts"/> (themselves included), in one search.</summary>
    internal static HashSet<string> ReachableFrom(Graph graph, IEnumerable<string> starts)
    {
        var adjacency = new NodeAdjacency(graph);
        bool[] reached = Search(adjacency, starts.Select(s => adjacency.Index[s]));
        return new HashSet<string>(adjacency.Names(Enumerable.Range(0, adjacency.Count).Where(i => reached[i])), StringComparer.Ordinal);
    }

    private static bool[] Search(NodeAdjacency adjacency, IEnumerable<int> starts)
    {
        var reached = new bool[adjacency.Count];
        var queue = new Queue<int>();
        foreach (int start in starts.Where(s => !reached[s]))
        {
            reached[start] = true;
            queue.Enqueue(start);
        }

        while (queue.TryDequeue(out int node))
        {
            foreach (int next in adjacency.Successors[node].Where(next => !reached[next]))
            {
                reached[next] = true;
                queue.Enqueue(next);
            }
        }

        return reached;
    }

    /// <summary>Articulation points of the graph taken undirected (iterative Hopcroft–Tarjan), in graph order.</summary>
    private static IEnumerable<int> ArticulationPoints(NodeAdjacency adjacency)
    {
        int n = adjacency.Count, counter = 0;
        int[][] neighbours = [.. Enumerable.Range(0, n).Select(i => adjacency.Successors[i].Union(adjacency.Predecessors[i]).Where(j => j != i).ToArray())];
        var order = new int[n];
        var low = new int[n];
        var isPoint = new bool[n];
        Array.Fill(order, -1);
        var work = new Stack<(int Node, int Parent, int Next)>();
        for (int root = 0; root < n; root++)
        {
            if (order[root] >= 0)
            {
                continue;
            }

            int rootChildren = 0;
            order[root] = low[root] = counter++;
            work.Push((root, -1, 0));
            while (work.Count > 0)
            {
                (int v, int parent, int next) = work.Pop();
                if (next < neighbours[v].Length)
                {
                    work.Push((v, parent, next + 1));
                    int w = neighbours[v][next];
                    if (order[w] < 0)
                    {
                        order[w] = low[w] = counter++;
                        rootChildren += v == root ? 1 : 0;
                        work.Push((w, v, 0));
                    }
                    else if (w != parent)
                    {
                        low[v] = Math.Min(low[v], order[w]);
                    }

                    continue;
                }

                if (parent >= 0)
                {
                    low[parent] = Math.Min(low[parent], low[v]);
                    if (parent != root && low[v] >= order[parent])
                    {
                        isPoint[parent] = true;
                    }
                }
            }

            isPoint[root] = rootChildren > 1;
        }

        return Enumerable.Range(0, n).Where(i => isPoint[i]);
    }
}
