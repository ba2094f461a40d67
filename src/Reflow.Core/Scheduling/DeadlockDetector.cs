namespace Reflow.Scheduling;

/// <summary>
/// Finds the classic FBP deadlock: a cycle of actors each waiting on the next — held back on a full edge into it,
/// or (an await-mode actor) waiting for input on a port that only the next one feeds.
/// </summary>
/// <remarks>
/// Such a cycle is permanent: a held-back actor is not invoked until the edge it waits on has room, and that
/// edge's credit comes back only when its target (waiting too) handles a message. So a cycle seen twice, with no
/// envelope handled anywhere in between, is a deadlock, not a race with a reading taken mid-change. An actor
/// that waits for a port the host feeds is never part of one: the host may still send.
/// </remarks>
internal static class DeadlockDetector
{
    /// <summary>The cycle of waiting actors, in wait order, or null.</summary>
    public static List<ActorCell>? FindCycle(ActorCell[] cells)
    {
        var waitsFor = new Dictionary<ActorCell, List<ActorCell>>();
        foreach (ActorCell cell in cells)
        {
            if (cell.WaitingOn is { Target: { } target })
            {
                waitsFor[cell] = [target];
                continue;
            }

            List<ActorCell>? producers = null;
            bool hostMaySend = false;
            foreach (int port in cell.MissingRequiredPorts())
            {
                foreach (Edge edge in cell.InEdges)
                {
                    if (edge.TargetPort != port)
                    {
                        continue;
                    }

                    if (edge.Source is null)
                    {
                        hostMaySend = true;
                    }
                    else
                    {
                        (producers ??= []).Add(edge.Source);
                    }
                }
            }

            if (producers is not null && !hostMaySend)
            {
                waitsFor[cell] = producers;
            }
        }

        // Depth-first search for a back edge; the path from its target to the current actor is the cycle.
        var state = new Dictionary<ActorCell, int>(); // 1 on the path, 2 done
        var path = new List<ActorCell>();
        foreach (ActorCell start in waitsFor.Keys)
        {
            if (!state.ContainsKey(start) && Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<ActorCell>? Visit(ActorCell cell)
        {
            state[cell] = 1;
            path.Add(cell);
            foreach (ActorCell next in waitsFor[cell])
            {
                if (!waitsFor.ContainsKey(next))
                {
                    continue; // it is not waiting: it will move
                }

                if (state.GetValueOrDefault(next) == 1)
                {
                    return path[path.IndexOf(next)..];
                }

                if (!state.ContainsKey(next) && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            state[cell] = 2;
            path.RemoveAt(path.Count - 1);
            return null;
        }
    }
}
