using Reflow.Scheduling;

namespace Reflow.Networks;

/// <summary>
/// The order in which the cells a live edit adds run their start (OnStart): in waves, each cell after every added cell
/// it sends to, so what an OnStart emits finds its added targets started. On a running network the cells start on
/// their own workers at once, not on one thread before any worker runs as at a network's start; without the waves an
/// OnStart on one worker could deliver to an added target on another before that target's start ran. Added cells on a
/// cycle start in one wave: among them, that order is not promised.
/// </summary>
internal static class LiveStartOrder
{
    /// <summary>The waves, targets first; <paramref name="edges"/> are the edit's new edges (those between two added cells matter).</summary>
    public static List<List<ActorCell>> Waves(IReadOnlyCollection<ActorCell> added, IEnumerable<Edge> edges)
    {
        var unstartedTargets = new Dictionary<ActorCell, int>(added.Count);
        var sendersTo = new Dictionary<ActorCell, List<ActorCell>>();
        foreach (ActorCell cell in added)
        {
            unstartedTargets[cell] = 0;
        }

        foreach (Edge edge in edges)
        {
            if (edge.Source is { } source && edge.Target is { } target && source != target
                && unstartedTargets.ContainsKey(source) && unstartedTargets.ContainsKey(target))
            {
                unstartedTargets[source]++;
                (sendersTo.TryGetValue(target, out List<ActorCell>? senders) ? senders : sendersTo[target] = []).Add(source);
            }
        }

        var waves = new List<List<ActorCell>>();
        var left = new HashSet<ActorCell>(added);
        while (left.Count > 0)
        {
            List<ActorCell> wave = [.. left.Where(c => unstartedTargets[c] == 0)];
            if (wave.Count == 0)
            {
                wave = [.. left]; // what is left sends in a cycle
            }

            foreach (ActorCell cell in wave)
            {
                left.Remove(cell);
                foreach (ActorCell sender in sendersTo.GetValueOrDefault(cell) ?? [])
                {
                    unstartedTargets[sender]--;
                }
            }

            waves.Add(wave);
        }

        return waves;
    }
}
