namespace Reflow.Scheduling;

/// <summary>
/// A bounded edge: at most <see cref="Capacity"/> messages are in flight (sent and not yet handled by the target).
/// </summary>
/// <remarks>
/// Design: <c>_inFlight</c> is raised by the one producing cell (its worker) and lowered by the target's worker
/// once it has handled a message. A producer that finds the edge full parks itself in <c>_waitingProducer</c>
/// and re-checks; the consumer lowers the count and then takes the waiting producer, if any, to post it a
/// Resume. Both steps are interlocked (full fences), so one of the two always sees the other: a wake-up is never
/// lost, and at most one Resume is outstanding per edge.
/// </remarks>
internal sealed class Edge(ActorCell? source, int sourcePort, ActorCell? target, int targetPort, int capacity, HostOutput? hostOutput = null, bool elastic = false)
{
    private int _inFlight;
    private ICreditWaiter? _waitingProducer;
    private long _delivered;

    /// <summary>The producing cell; null for the host's edge into an exported in-port.</summary>
    public ActorCell? Source { get; } = source;
    public int SourcePort { get; } = sourcePort;

    /// <summary>The consuming cell; null for an edge into an exported out-port (see <see cref="HostOutput"/>).</summary>
    public ActorCell? Target { get; } = target;
    public int TargetPort { get; } = targetPort;
    /// <summary>The in-flight limit; unlimited for an elastic edge (whose ends share a worker, see <see cref="Networks.EdgeDefinition.Elastic"/>).</summary>
    public int Capacity { get; } = elastic ? int.MaxValue : capacity;

    public bool IsElastic { get; } = elastic;

    /// <summary>Where the host reads this edge's messages, for an exported out-port.</summary>
    public HostOutput? HostOutput { get; } = hostOutput;

    /// <summary>
    /// Both ends are pinned to the same worker, so one thread does every operation on the edge: credits are plain
    /// increments, no interlocked instruction. Set once, after placement, before the run starts.
    /// </summary>
    public bool IsLocal { get; set; }

    /// <summary>Messages handled by the target so far.</summary>
    public long Delivered => Volatile.Read(ref _delivered);

    /// <summary>Messages in flight now (for tests and statistics).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes one credit if the edge has room (producer's worker).</summary>
    public bool TryReserve()
    {
        if (IsLocal)
        {
            if (_inFlight >= Capacity)
            {
                return false;
            }

            _inFlight++;
            return true;
        }

        if (Interlocked.Increment(ref _inFlight) <= Capacity) // full fence: pairs with Release's decrement
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    /// <summary>
    /// Registers <paramref name="producer"/> to be resumed when the edge has room. Returns false if there is
    /// room already (then the producer must not wait: it was not registered).
    /// </summary>
    public bool WaitForRoom(ICreditWaiter producer)
    {
        if (IsLocal)
        {
            if (_inFlight < Capacity)
            {
                return false;
            }

            _waitingProducer = producer;
            return true;
        }

        Interlocked.Exchange(ref _waitingProducer, producer); // full fence before the re-check below
        if (Volatile.Read(ref _inFlight) < Capacity)
        {
            // Room appeared meanwhile; take the registration back unless the consumer already took it (then a
            // Resume is on its way and waiting for it is right).
            return Interlocked.CompareExchange(ref _waitingProducer, null, producer) != producer;
        }

        return true;
    }

    /// <summary>Returns one credit after the target handled a message (target's worker); resumes a waiting producer.</summary>
    public void Release()
    {
        _delivered++; // only the target's worker writes it
        ReleaseCredit();
    }

    /// <summary>Returns one credit after the host read a message of an exported out-port (any host thread).</summary>
    public void ReleaseFromHost() => ReleaseCredit();

    /// <summary>
    /// Counts a message handed to the host's output queue (the producer's worker): for an exported out-port,
    /// "handled" means handed over, so the figure is final when the run ends even if the host reads later.
    /// </summary>
    public void CountHandedToHost() => _delivered++;

    private void ReleaseCredit()
    {
        if (IsLocal)
        {
            _inFlight--;
            ICreditWaiter? local = _waitingProducer;
            if (local is not null)
            {
                _waitingProducer = null;
                local.OnRoom();
            }

            return;
        }

        Interlocked.Decrement(ref _inFlight); // full fence before reading the waiting producer
        ICreditWaiter? waiting = Volatile.Read(ref _waitingProducer);
        if (waiting is not null && Interlocked.CompareExchange(ref _waitingProducer, null, waiting) == waiting)
        {
            waiting.OnRoom();
        }
    }
}
