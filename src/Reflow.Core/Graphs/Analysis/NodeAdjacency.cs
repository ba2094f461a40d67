namespace Reflow.Graphs.Analysis;

/// <summary>
/// The node-level shape of a graph: nodes as indices in graph order, each node's distinct successors and
/// predecessors (ports and parallel connections collapsed), built once per analysis.
/// </summary>
internal sealed class NodeAdjacency
{
    public NodeAdjacency(Graph graph)
    {
        Ids = [.. graph.Nodes.Select(n => n.Id)];
        Index = new Dictionary<string, int>(Ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < Ids.Length; i++)
        {
            Index[Ids[i]] = i;
        }

        var successors = new SortedSet<int>[Ids.Length];
        var predecessors = new SortedSet<int>[Ids.Length];
        for (int i = 0; i < Ids.Length; i++)
        {
            successors[i] = [];
            predecessors[i] = [];
        }

        foreach (GraphConnection connection in graph.Connections)
        {
            int from = Index[connection.From.Node], to = Index[connection.To.Node];
            successors[from].Add(to);
            predecessors[to].Add(from);
        }

        Successors = [.. successors.Select(s => s.ToArray())];
        Predecessors = [.. predecessors.Select(s => s.ToArray())];
    }

    public string[] Ids { get; }

    public Dictionary<string, int> Index { get; }

    public int[][] Successors { get; }

    public int[][] Predecessors { get; }

    public int Count => Ids.Length;

    /// <summary>
    /// Tarjan's strongly connected components, iteratively (a long chain must not overflow the stack). Each
    /// component lists its nodes in graph order; components come in reverse topological order (sinks first).
    /// With <paramref name="include"/>, only the subgraph of the included nodes is considered.
    /// </summary>
    public List<int[]> StronglyConnectedComponents(bool[]? include = null)
    {
        int n = Count, counter = 0;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var components = new List<int[]>();
        var work = new Stack<(int Node, int Next)>();
        for (int root = 0; root < n; root++)
        {
            if (index[root] >= 0 || (include is not null && !include[root]))
            {
                continue;
            }

            work.Push((root, 0));
            while (work.Count > 0)
            {
                (int v, int next) = work.Pop();
                if (next == 0)
                {
                    index[v] = low[v] = counter++;
                    stack.Push(v);
                    onStack[v] = true;
                }

                if (next < Successors[v].Length)
                {
                    work.Push((v, next + 1));
                    int w = Successors[v][next];
                    if (include is not null && !include[w])
                    {
                        continue;
                    }

                    if (index[w] < 0)
                    {
                        work.Push((w, 0));
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }

                    continue;
                }

                if (low[v] == index[v])
                {
                    var component = new List<int>();
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        component.Add(w);
                    }
                    while (w != v);
                    component.Sort();
                    components.Add([.. component]);
                }

                if (work.TryPeek(out var parent))
                {
                    low[parent.Node] = Math.Min(low[parent.Node], low[v]);
                }
            }
        }

        return components;
    }

    public bool IsCyclic(int[] component) => component.Length > 1 || Successors[component[0]].Contains(component[0]);

    public string[] Names(IEnumerable<int> nodes) => [.. nodes.Select(i => Ids[i])];
}
