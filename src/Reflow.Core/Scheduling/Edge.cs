using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Rings;

namespace Reflow.Scheduling;

/// <summary>
/// A bounded edge: at most <see cref="Capacity"/> messages are in flight (sent and not yet handled by the target).
/// </summary>
/// <remarks>
/// <para>Design: the in-flight count is the difference of two counters with one writer each: <c>_sent</c>, raised by
/// the producer, and <c>_released</c>, raised by the consumer once it has handled a message. They sit on cache lines
/// of their own (and away from the fields both ends read), so the two workers do not bounce one line per message,
/// as an interlocked in-flight count did. The producer checks room against a cached copy of <c>_released</c> and
/// reads the consumer's line only when the copy says full — about once per capacity's worth of messages.</para>
/// <para>Waking a held-back producer: it registers in <c>_waitingProducer</c> with a full fence and then re-reads
/// <c>_released</c>; the consumer raises <c>_released</c> with an interlocked add (a full fence, on a line only it
/// writes, so it costs no cross-core traffic) and then reads <c>_waitingProducer</c>. Each side's fence orders its
/// write before its read, so one of the two always sees the other: a wake-up is never lost, and the
/// compare-exchange on the registration makes sure at most one Resume is sent.</para>
/// <para>Producers: one cell (its worker) or, for an exported in-port, host threads; those take their credit with
/// an interlocked add on <c>_sent</c>. Consumers: one cell (its worker), or host threads reading an exported
/// out-port, which the interlocked add on <c>_released</c> already serialises. When both ends are pinned to one
/// worker (<see cref="IsLocal"/>) every operation is plain arithmetic.</para>
/// </remarks>
[StructLayout(LayoutKind.Explicit)]
internal sealed partial class Edge
{
    // Read-mostly: written once before the run (IsLocal) or rarely (the registration).
    [FieldOffset(0)] private readonly ActorCell? _source;
    [FieldOffset(8)] private readonly ActorCell? _target;
    [FieldOffset(16)] private readonly HostOutput? _hostOutput;
    [FieldOffset(24)] private ICreditWaiter? _waitingProducer;
    [FieldOffset(32)] private readonly int _sourcePort;
    [FieldOffset(36)] private readonly int _targetPort;
    [FieldOffset(40)] private readonly long _capacity;
    [FieldOffset(48)] private readonly long _wakeAt;
    [FieldOffset(56)] private bool _isLocal;
    [FieldOffset(57)] private bool _ended; // the end-of-edge marker reached the target; its thread only
    [FieldOffset(60)] private readonly int _targetElement; // on the line the consumer reads anyway (IsLocal in Release)
    [FieldOffset(64)] private Worker? _targetWorker;
    [FieldOffset(72)] private readonly int _sourceElement;
    [FieldOffset(80)] private readonly string _id;
    [FieldOffset(88)] private TaskCompletionSource? _detached; // a live edit removed the edge: completes when its marker reached the target
    [FieldOffset(96)] private ActivityContext[]? _traceSlots; // message tracing only (see StampTrace); null otherwise
    [FieldOffset(104)] private string? _eventPort; // "OUT -> node.IN" of its message events, made at the first one (see EventPort)

    // The producer's line.
    [FieldOffset(Padding.Size)] private long _sent;
    [FieldOffset(Padding.Size + 8)] private long _releasedSeen;
    [FieldOffset(Padding.Size + 16)] private long _eventSequence; // counted only while message events are on
    [FieldOffset(Padding.Size + 24)] private long _eventCountdown; // messages until the producer looks again (see CountEventMessage)
    [FieldOffset(Padding.Size + 32)] private long _eventCovered;   // what the countdown started from
    [FieldOffset(Padding.Size + 48)] private long _stalls;         // waits for room (WaitForRoom said wait): cold path only
    [FieldOffset(Padding.Size + 56)] private long _stallStarted;   // when the current wait began (Stopwatch ticks)

    // The consumer's line.
    [FieldOffset(Padding.Size * 2)] private long _released;
    [FieldOffset(Padding.Size * 2 + 8)] private long _delivered;
    [FieldOffset(Padding.Size * 2 + 16)] private long _stallTicks; // summed by whoever wakes a waiting producer

#pragma warning disable CS0169 // never used: it only keeps the next object off the consumer's line
    [FieldOffset(Padding.Size * 3)] private long _trailingPadding;
#pragma warning restore CS0169

    public Edge(
        ActorCell? source,
        int sourcePort,
        ActorCell? target,
        int targetPort,
        int capacity,
        HostOutput? hostOutput = null,
        bool elastic = false,
        int sourceElement = -1,
        int targetElement = -1,
        string id = "")
    {
        _id = id;
        _source = source;
        _sourcePort = sourcePort;
        _sourceElement = sourceElement;
        _target = target;
        _targetPort = targetPort;
        _targetElement = targetElement;
        _capacity = elastic ? long.MaxValue / 2 : capacity;
        _wakeAt = _capacity - Math.Max(1, _capacity / 4);
        _hostOutput = hostOutput;
    }

    /// <summary>The producing cell; null for the host's edge into an exported in-port.</summary>
    public ActorCell? Source => _source;

    /// <summary>The edge's stable id (see <c>EdgeDefinition.Id</c>).</summary>
    public string Id => _id;

    /// <summary>
    /// Counts a message sent while message events are on, inline; true when the producer must look at it
    /// (<see cref="NextEventSequence"/>): each message, unless an event budget (<see cref="EventBudget"/>) said to look
    /// again only after some. The producer's thread only: a decrement on the line <c>_sent</c> already takes, where a
    /// call per message cost a watched pipeline ~25 % (B14). The budget's new second is not read here (B14: reading its
    /// clock on every message cost ~3 % of a watched pipeline's throughput) but at the looks, and by the producer's
    /// worker, which tells the edge with <see cref="LookAtNext"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CountEventMessage() => --_eventCountdown <= 0;

    /// <summary>
    /// At a look: the number of the message the producer sends now, counted from 1 while message events are on (the
    /// messages counted since the previous look included: gaps in the numbers are what was not reported), and how
    /// many those were. From now on each message is looked at again, unless <see cref="LookAgainAfter"/> says otherwise.
    /// </summary>
    public long NextEventSequence(out long counted)
    {
        counted = _eventCovered - _eventCountdown;
        _eventCovered = 0;
        _eventCountdown = 0;
        return _eventSequence += counted;
    }

    /// <summary>After a look: the next look is <paramref name="messages"/> messages on (or sooner: <see cref="LookAtNext"/>).</summary>
    public void LookAgainAfter(long messages)
    {
        _eventCovered = messages;
        _eventCountdown = messages;
    }

    /// <summary>
    /// The event budget's new second began: the next message is looked at, whatever the last look said; the messages
    /// counted since that look stay counted. The producer's thread only.
    /// </summary>
    public void LookAtNext()
    {
        _eventCovered -= _eventCountdown;
        _eventCountdown = 0;
    }

    /// <summary>The text naming the edge in its message events ("OUT -> node.IN"), made by <paramref name="make"/> once.</summary>
    public string EventPort(Func<Edge, string> make) => _eventPort ??= make(this);

    /// <summary>The number of the last message counted by <see cref="NextEventSequence"/>; the producer's thread only.</summary>
    public long EventSequence => _eventSequence;

    public int SourcePort => _sourcePort;

    /// <summary>The index of the addressable out-port the edge leaves (<c>OUT[2]</c>: 2); -1 for a plain port.</summary>
    public int SourceElement => _sourceElement;

    /// <summary>The consuming cell; null for an edge into an exported out-port (see <see cref="HostOutput"/>).</summary>
    public ActorCell? Target => _target;

    public int TargetPort => _targetPort;

    /// <summary>The index of the addressable in-port the edge reaches, which the target's actor sees; -1 for a plain port.</summary>
    public int TargetElement => _targetElement;

    /// <summary>The in-flight limit; unlimited for an elastic edge (whose ends share a worker, see <c>EdgeDefinition.Elastic</c>).</summary>
    public int Capacity => (int)Math.Min(_capacity, int.MaxValue);

    /// <summary>Where the host reads this edge's messages, for an exported out-port.</summary>
    public HostOutput? HostOutput => _hostOutput;

    /// <summary>
    /// Both ends are pinned to the same worker, so one thread does every operation on the edge: credits are plain
    /// increments, no interlocked instruction. Set once, after placement, before the run starts.
    /// </summary>
    public bool IsLocal
    {
        get => _isLocal;
        set => _isLocal = value;
    }

    /// <summary>
    /// The target cell's worker, set with <see cref="IsLocal"/> after placement: a producer on another worker reads
    /// it here rather than from the target cell, whose object its own worker writes on every message.
    /// </summary>
    public Worker? TargetWorker
    {
        get => _targetWorker;
        set => _targetWorker = value;
    }

    /// <summary>
    /// The producer is done and its end-of-edge marker has reached the target (after everything it sent): written and
    /// read by the target's thread only (see ActorCell.Streams).
    /// </summary>
    public bool Ended
    {
        get => _ended;
        set => _ended = value;
    }

    /// <summary>
    /// Completes when the detach marker a live edit sent after the edge's last message has reached its target (which
    /// then no longer counts it among its in-edges); made by the edit before the marker is sent.
    /// </summary>
    public Task Detached => (_detached ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Prepares <see cref="Detached"/> (the editing thread, before the marker can be sent).</summary>
    public void ExpectDetach() => _detached ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The detach marker reached the target (its thread).</summary>
    public void CompleteDetach() => _detached?.TrySetResult();

    /// <summary>Messages handled by the target so far.</summary>
    public long Delivered => Volatile.Read(ref _delivered);

    /// <summary>Messages in flight now (for tests, statistics and the deadlock detector).</summary>
    public int InFlight => (int)Math.Max(0, Volatile.Read(ref _sent) - Volatile.Read(ref _released));

    /// <summary>Takes one credit if the edge has room (producer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReserve()
    {
        if (_sent - _releasedSeen < _capacity && _source is not null)
        {
            _sent++; // the single producer's own counter: a plain store (see the remarks)
            return true;
        }

        return TryReserveSlow();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryReserveSlow()
    {
        if (_source is null)
        {
            // The host: several threads may send at once, so the credit is taken with an interlocked add. Room is
            // checked against the cached copy of _released first, as for a cell: reading the consumer's line on
            // every send bounced it between the host's core and the worker's (measured: a fifth of a host-fed
            // pipeline's time). A stale copy is smaller, so it can only say "full" too early, never too late; a
            // racing host thread that stores an older copy back does the same.
            long sent = Interlocked.Increment(ref _sent);
            if (sent - Volatile.Read(ref _releasedSeen) <= _capacity)
            {
                return true;
            }

            long released = Volatile.Read(ref _released);
            Volatile.Write(ref _releasedSeen, released);
            if (sent - released <= _capacity)
            {
                return true;
            }

            Interlocked.Decrement(ref _sent);
            return false;
        }

        _releasedSeen = _isLocal ? _released : Volatile.Read(ref _released);
        if (_sent - _releasedSeen < _capacity)
        {
            _sent++;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Registers <paramref name="producer"/> to be resumed when the edge has room. Returns false if there is
    /// room already (then the producer must not wait: it was not registered).
    /// </summary>
    public bool WaitForRoom(ICreditWaiter producer)
    {
        if (_isLocal)
        {
            if (_sent - _released < _capacity)
            {
                return false;
            }

            _stallStarted = Stopwatch.GetTimestamp();
            _stalls++;
            _waitingProducer = producer;
            return true;
        }

        // The start is written before the registration's full fence, so the consumer that takes the registration
        // (and reads the start in EndStall) sees it.
        _stallStarted = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _waitingProducer, producer); // full fence before the re-check below
        if (Volatile.Read(ref _sent) - Volatile.Read(ref _released) < _capacity
            && Interlocked.CompareExchange(ref _waitingProducer, null, producer) == producer)
        {
            // Room appeared meanwhile and the registration was taken back before the consumer took it: no wait.
            // (Had the consumer taken it, a Resume is on its way and waiting for it is right: a stall, if short.)
            return false;
        }

        Interlocked.Increment(ref _stalls); // host writers may be several threads
        return true;
    }

    /// <summary>How many times a producer (a cell's out-buffer, or a host writer) had to wait for room on this edge.</summary>
    public long Stalls => Volatile.Read(ref _stalls);

    /// <summary>
    /// The seconds producers spent waiting for room, summed over the waits that have ended — from the clock's own ticks,
    /// not a <see cref="TimeSpan"/>, whose 100 ns would read a wait the consumer ended at once as none.
    /// </summary>
    public double StallSeconds => Volatile.Read(ref _stallTicks) / (double)Stopwatch.Frequency;

    /// <summary>A waiting producer is about to be woken (the waker's thread, once per wait): adds the wait's length.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EndStall(bool shared)
    {
        // A counted wait has a length: at least one tick, on a clock too coarse to see one that ended at once.
        long waited = Math.Max(1, Stopwatch.GetTimestamp() - Volatile.Read(ref _stallStarted));
        if (shared)
        {
            Interlocked.Add(ref _stallTicks, waited); // host readers may release from several threads
        }
        else
        {
            _stallTicks += waited;
        }
    }

    /// <summary>Returns one credit after the target handled a message (target's worker); resumes a waiting producer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release()
    {
        _delivered++; // only the target's worker writes it
        if (_isLocal)
        {
            _released++;
            if (_waitingProducer is { } local)
            {
                _waitingProducer = null;
                EndStall(shared: false);
                local.OnRoom();
            }

            return;
        }

        ReleaseShared();
    }

    /// <summary>Returns one credit after the host read a message of an exported out-port (any host thread).</summary>
    public void ReleaseFromHost() => ReleaseShared();

    /// <summary>
    /// Counts a message handed to the host's output queue (the producer's worker): for an exported out-port,
    /// "handled" means handed over, so the figure is final when the run ends even if the host reads later.
    /// </summary>
    public void CountHandedToHost() => _delivered++;

    private void ReleaseShared()
    {
        long released = Interlocked.Increment(ref _released); // full fence before reading the registration (see the remarks)
        ICreditWaiter? waiting = Volatile.Read(ref _waitingProducer);
        if (waiting is not null
            && Volatile.Read(ref _sent) - released <= _wakeAt // hysteresis: see below
            && Interlocked.CompareExchange(ref _waitingProducer, null, waiting) == waiting)
        {
            // A held-back producer is woken once a quarter of the edge is free, not at the first free slot: waking
            // it per message made it bounce between "one slot, send, full, wait" with a Resume crossing the cores
            // for every message. The consumer keeps releasing what it has, so the edge does get there (at the
            // latest at zero in flight), and a consumer that cannot release is the deadlock the detector reports.
            EndStall(shared: true);
            waiting.OnRoom();
        }
    }
}
