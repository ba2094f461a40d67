namespace Reflow.Scheduling;

/// <summary>
/// A parent cell's live children, in no particular order (a collected child's slot takes the last one, so removal is
/// constant time), and how many it has spawned in all. Made at the first spawn; owned by the parent's worker.
/// </summary>
internal sealed class CellChildren
{
    private SpawnedChild[] _live = new SpawnedChild[4];

    /// <summary>The parent's own handle, when a parent spawned it too; null for a node of the graph.</summary>
    public SpawnedChild? Self { get; init; }

    /// <summary>Live children: spawned and not yet collected.</summary>
    public int Count { get; private set; }

    /// <summary>Children spawned so far (numbers the next child's id).</summary>
    public long Spawned { get; set; }

    public SpawnedChild this[int index] => _live[index];

    public void Add(SpawnedChild child)
    {
        if (Count == _live.Length)
        {
            Array.Resize(ref _live, Count * 2);
        }

        child.Slot = Count;
        _live[Count++] = child;
    }

    public void Remove(SpawnedChild child)
    {
        int slot = child.Slot;
        SpawnedChild last = _live[--Count];
        _live[slot] = last;
        last.Slot = slot;
        _live[Count] = null!;
        if (Count == 0 && _live.Length > 64)
        {
            _live = new SpawnedChild[4]; // a burst of children must not pin its array for the rest of the run
        }
    }
}
