namespace Reflow.Graphs.Analysis;

/// <summary>
/// Johnson's algorithm for the elementary cycles of one strongly connected component, without recursion
/// (a component may be a ring of thousands of nodes).
/// </summary>
/// <remarks>
/// For each start node s it searches paths from s within the strongly connected component of s among the nodes
/// not yet used as a start; a node is blocked once on the path and stays blocked until a cycle through it is
/// found, which keeps the search linear in the output. Unblocking follows the "blocked by" lists, also
/// iteratively.
/// </remarks>
internal sealed class CycleFinder(NodeAdjacency adjacency, int[] component)
{
    public void FindAll(List<IReadOnlyList<string>> cycles, int limit)
    {
        // Johnson's outer loop: search from the least remaining node of the least cyclic component of what is
        // left, then drop that node; once no cyclic component is left (a ring after its first node), stop.
        var remaining = new bool[adjacency.Count];
        foreach (int node in component)
        {
            remaining[node] = true;
        }

        var blocked = new HashSet<int>();
        var blockedBy = new Dictionary<int, HashSet<int>>();
        while (cycles.Count < limit)
        {
            int[]? least = adjacency.StronglyConnectedComponents(remaining).Where(adjacency.IsCyclic).MinBy(c => c[0]);
            if (least is null)
            {
                return;
            }

            var members = new HashSet<int>(least);
            int start = least[0];
            blocked.Clear();
            blockedBy.Clear();
            Search(start, members, blocked, blockedBy, cycles, limit);
            remaining[start] = false;
        }
    }

    private void Search(int start, HashSet<int> members, HashSet<int> blocked, Dictionary<int, HashSet<int>> blockedBy, List<IReadOnlyList<string>> cycles, int limit)
    {
        int[] Next(int v) => [.. adjacency.Successors[v].Where(members.Contains)];
        var path = new List<int> { start };
        var frames = new Stack<(int Node, int[] Next, int Index, bool Found)>();
        frames.Push((start, Next(start), 0, false));
        blocked.Add(start);
        while (frames.Count > 0 && cycles.Count < limit)
        {
            (int v, int[] next, int index, bool found) = frames.Pop();
            if (index < next.Length)
            {
                int w = next[index];
                frames.Push((v, next, index + 1, found || w == start));
                if (w == start)
                {
                    cycles.Add(adjacency.Names(path));
                }
                else if (!blocked.Contains(w))
                {
                    blocked.Add(w);
                    path.Add(w);
                    frames.Push((w, Next(w), 0, false));
                }

                continue;
            }

            if (found)
            {
                Unblock(v, blocked, blockedBy);
            }
            else
            {
                foreach (int w in next)
                {
                    if (!blockedBy.TryGetValue(w, out HashSet<int>? set))
                    {
                        blockedBy[w] = set = [];
                    }

                    set.Add(v);
                }
            }

            path.RemoveAt(path.Count - 1);
            if (found && frames.TryPop(out var parent))
            {
                frames.Push(parent with { Found = true });
            }
        }
    }

    private static void Unblock(int node, HashSet<int> blocked, Dictionary<int, HashSet<int>> blockedBy)
    {
        var pending = new Stack<int>([node]);
        while (pending.TryPop(out int u))
        {
            if (!blocked.Remove(u))
            {
                continue;
            }

            if (blockedBy.Remove(u, out HashSet<int>? waiting))
            {
                foreach (int w in waiting)
                {
                    pending.Push(w);
                }
            }
        }
    }
}
