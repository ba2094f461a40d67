using System.Diagnostics.Metrics;
using Reflow.Actors;

namespace Reflow.Scheduling;

/// <summary>
/// What one run of a network shares between the network, its workers and its cells: the run's clock, events,
/// dead letters and failure log, its measurements, whether a draining stop is under way, and its
/// <see cref="OutstandingWork"/> (the count that tells when the run is finished).
/// </summary>
/// <remarks>
/// It schedules nothing: which worker runs a cell is fixed by the placement before the run (see
/// <c>Placement</c>), each worker runs its own loop (<see cref="Worker"/>), and messages go between workers
/// through <see cref="Routing"/>.
/// </remarks>
internal sealed class NetworkRun
{
    private volatile bool _draining;

    public NetworkRun(TimeProvider time, int deadLetterCapacity)
    {
        Time = time;
        Events = new EventHub(time);
        DeadLetters = new DeadLetterSink(deadLetterCapacity, Events);
        Work = new OutstandingWork(Events);
    }

    /// <summary>The count of outstanding work; <see cref="OutstandingWork.Finished"/> completes when the run is over.</summary>
    public OutstandingWork Work { get; }

    /// <summary>The clock of backoffs, circuit breakers and actor timers.</summary>
    public TimeProvider Time { get; }

    /// <summary>What nodes without a grant of their own may reach (<c>NetworkOptions.Permissions</c>).</summary>
    public Permissions.PermissionSet Permissions { get; init; } = Reflow.Permissions.PermissionSet.None;

    public EventHub Events { get; }

    public DeadLetterSink DeadLetters { get; }

    /// <summary>The run's first failures and their count.</summary>
    public FailureLog Failures { get; } = new();

    /// <summary>Processing time per invocation, recorded only while a listener has it enabled.</summary>
    public Histogram<double> ProcessingTime { get; set; } = null!;

    /// <summary>The tag that names the network on every measurement.</summary>
    public KeyValuePair<string, object?> NetworkTag { get; set; }

    /// <summary>The run's activity, parent of the failure activities.</summary>
    public System.Diagnostics.ActivityContext RunActivity { get; set; }

    /// <summary>Messages carry trace contexts (<c>NetworkOptions.TraceMessages</c>): cells and edges are made with tracing on.</summary>
    public bool TraceMessages { get; init; }

    /// <summary>A draining stop is under way: sources produce no more.</summary>
    public bool Draining => _draining;

    public void StartDraining() => _draining = true;

    private long _liveChildren;

    /// <summary>Spawned child actors not yet collected, over the whole run (tests and diagnostics).</summary>
    public long LiveChildren => Interlocked.Read(ref _liveChildren);

    private long _spawned; // children spawned over the whole run: the quiet check looks again from the start when it grows

    /// <summary>A cell spawned a child (its worker).</summary>
    public void ChildSpawned()
    {
        Interlocked.Increment(ref _liveChildren);
        Interlocked.Increment(ref _spawned);
    }

    /// <summary>A child was collected (its parent's worker).</summary>
    public void ChildCollected() => Interlocked.Decrement(ref _liveChildren);

    private ActorCell[] _cells = [];
    private int[]? _quietOrder;
    private long[]? _forcedAt; // per cell: how many children it had spawned when it was last forced; -1: never forced

    // Where the quiet check goes on from (see EndQuietStreams): the cells before _finishedUpTo (by index) have finished,
    // and those before _quietFrom (in _quietOrder) had finished or been forced when it passed them, as of _spawnedSeen
    // spawns. A finished cell stays finished, and a forced one needs forcing again only after it spawned (then the run's
    // count of spawns grew): so neither prefix is read twice. Looking from the start at each quiet moment was quadratic
    // in a cyclic network's size — B8's static tree (1.1 M cells, one quiet moment each) spent 70 % of its 22–36 s there.
    private int _finishedUpTo;
    private int _quietFrom;
    private long _spawnedSeen;

    /// <summary>How many times the quiet check looked at a cell (tests: it must stay linear in the network's size).</summary>
    public long QuietCellsVisited { get; private set; }

    /// <summary>The start of the run: every cell's stream is open; the count of outstanding work asks here before it ends the run.</summary>
    public void TrackStreams(ActorCell[] cells)
    {
        // A live edit calls this again with its new shape, while it holds the run (no quiet moment can come meanwhile).
        _quietOrder = null;
        _forcedAt = null;
        _finishedUpTo = 0;
        _quietFrom = 0;
        _cells = cells;
        Work.WhenQuiet = EndQuietStreams;
    }

    /// <summary>
    /// The run is quiet (nothing runs or waits) but some cells have not finished: a cycle feeds them, so each waits for
    /// a producer that waits for it. The first of them in graph order (nearest the sources) has its remaining inputs
    /// ended (a ForceEnd envelope); what that lets finish, finishes; and the next quiet moment takes the next. True if
    /// one was posted. Any thread (the one that retired the last piece of work); the cells' own state is read only
    /// through <see cref="ActorCell.StreamFinished"/> (a quiet moment orders every write before it).
    /// </summary>
    private bool EndQuietStreams()
    {
        ActorCell[] cells = _cells;
        while (_finishedUpTo < cells.Length && cells[_finishedUpTo].StreamFinished)
        {
            _finishedUpTo++; // the usual end: one pass over the flags, no count kept per finished cell
            QuietCellsVisited++;
        }

        if (_finishedUpTo == cells.Length)
        {
            return false;
        }

        int[] order = _quietOrder ??= QuietOrder(cells);
        long[] forcedAt = _forcedAt ??= NeverForced(cells.Length); // quiet moments come one at a time: no race on it
        long spawned = Interlocked.Read(ref _spawned);
        if (spawned != _spawnedSeen)
        {
            _spawnedSeen = spawned;
            _quietFrom = 0; // a parent passed before may have spawned since
        }

        for (; _quietFrom < order.Length; _quietFrom++)
        {
            int index = order[_quietFrom];
            ActorCell cell = cells[index];
            QuietCellsVisited++;
            // Each cell once; a parent again when it has spawned since (a child's reply to the forced end may have
            // made it spawn one more, which waits for its input to end): each time takes new spawns, so it ends.
            if (!cell.StreamFinished && forcedAt[index] < cell.SpawnedChildren)
            {
                forcedAt[index] = cell.SpawnedChildren;
                _quietFrom++;
                Work.Add(1, current: null); // the shared count directly: this thread's own share (if a worker) is settled
                cell.Worker.Post(Envelope.Control(cell, EnvelopeKind.ForceEnd), current: null);
                return true;
            }
        }

        return false; // each unfinished cell was already ended (since its last spawn): nothing more can come of it
    }

    private static long[] NeverForced(int cells)
    {
        var forcedAt = new long[cells];
        Array.Fill(forcedAt, -1);
        return forcedAt;
    }

    /// <summary>Cells by their distance from the cells nothing feeds (breadth first), then by index: upstream first.</summary>
    private static int[] QuietOrder(ActorCell[] cells)
    {
        var depth = new int[cells.Length];
        Array.Fill(depth, int.MaxValue);
        var queue = new Queue<int>();
        for (int i = 0; i < cells.Length; i++)
        {
            if (cells[i].InEdges.Count == 0 || AllFromHost(cells[i]))
            {
                depth[i] = 0;
                queue.Enqueue(i);
            }
        }

        while (queue.TryDequeue(out int i))
        {
            foreach (Edge[] port in cells[i].OutEdges)
            {
                foreach (Edge edge in port)
                {
                    if (edge.Target is { } target && depth[target.Node.Index] == int.MaxValue)
                    {
                        depth[target.Node.Index] = depth[i] + 1;
                        queue.Enqueue(target.Node.Index);
                    }
                }
            }
        }

        var order = new int[cells.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => depth[a] != depth[b] ? depth[a].CompareTo(depth[b]) : a.CompareTo(b));
        return order;
    }

    private static bool AllFromHost(ActorCell cell)
    {
        foreach (Edge edge in cell.InEdges)
        {
            if (edge.Source is not null)
            {
                return false;
            }
        }

        return true;
    }
}
