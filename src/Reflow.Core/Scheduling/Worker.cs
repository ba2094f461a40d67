using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Rings;

namespace Reflow.Scheduling;

/// <summary>
/// A worker thread: it owns a multi-producer ring that other workers post to and a local queue for work whose
/// target lives on this worker (no ring hop), and runs every envelope's cell to completion.
/// </summary>
/// <remarks>
/// The ring is sized from the credits that can target this worker (the capacities of edges into its cells, one
/// Resume per edge out of them, its initial packets), so a post never finds it full and a worker never blocks
/// on another worker.
/// </remarks>
/// <para>Layout: other threads read the fields in the first cache line on every post (the ring, the sequencer,
/// whether the thread has started); the worker writes its counters (balance, reserve, depth, progress) many times
/// per message. They live <see cref="Padding.Size"/> bytes apart so that the owner's writes do not evict the
/// posters' copy of the line: sharing it measured 4× slower on a two-worker pipeline.</para>
[StructLayout(LayoutKind.Explicit)]
internal sealed partial class Worker
{
    [ThreadStatic]
    private static Worker? t_current;

    [FieldOffset(0)] private readonly NetworkRun _run;
    [FieldOffset(8)] private readonly RingBuffer<Envelope> _ring;
    [FieldOffset(16)] private readonly MultiProducerSequencer _sequencer;
    [FieldOffset(24)] private readonly SequenceBarrier _barrier;
    [FieldOffset(32)] private readonly Sequence _consumed = new();
    [FieldOffset(40)] private readonly Queue<Envelope> _local = new(256); // a working size up front: no growth in the first busy moments
    [FieldOffset(48)] private readonly Thread _thread;
    [FieldOffset(56)] private readonly int _index;
    [FieldOffset(64)] private WorkerOutbox[]? _outboxes; // by target worker index; owner-only after SetPeers
    [FieldOffset(60)] private bool _isStarted;
    [FieldOffset(61)] private volatile bool _abandon;
    [FieldOffset(72)] private System.Collections.Concurrent.ConcurrentQueue<(Action Action, TaskCompletionSource Done)>? _actions; // see Worker.Actions.cs

    // The owner's counters, on a line of their own.
    [FieldOffset(Padding.Size)] private OutstandingWork.WorkerShare _work; // balance and reserve: 16 bytes
    [FieldOffset(Padding.Size + 16)] private long _handled;
    [FieldOffset(Padding.Size + 24)] private int _inlineDepth;
    [FieldOffset(Padding.Size + 28)] private int _unflushed; // envelopes in outboxes
    [FieldOffset(Padding.Size + 32)] private long _eventWindow; // the event budgets' second last noticed (Worker.EventBudgets.cs)
    [FieldOffset(Padding.Size + 40)] private List<EventBudget>? _eventBudgets; // of edges its cells produce on; owner-only
    [FieldOffset(Padding.Size + 48)] private Stack<SpawnedChild>? _fresh; // spawned children not yet given their first messages; owner-only

#pragma warning disable CS0169 // never used: it only keeps the next object off the counters' line
    [FieldOffset(Padding.Size * 2)] private long _trailingPadding;
#pragma warning restore CS0169

    public Worker(int index, int ringSize, NetworkRun run, WaitStrategy waitStrategy, string name)
    {
        _index = index;
        _run = run;
        _sequencer = new MultiProducerSequencer(ringSize, waitStrategy);
        _ring = new RingBuffer<Envelope>(_sequencer);
        _sequencer.AddGatingSequences(_consumed);
        _barrier = _sequencer.NewBarrier();
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
    }

    public int Index => _index;

    /// <summary>The count of outstanding work of the run this worker belongs to.</summary>
    public OutstandingWork Outstanding => _run.Work;

    /// <summary>Gives the worker an outbox for each other worker; before the run starts.</summary>
    public void SetPeers(Worker[] workers)
    {
        _outboxes = new WorkerOutbox[workers.Length];
        foreach (Worker worker in workers)
        {
            if (worker != this)
            {
                _outboxes[worker.Index] = new WorkerOutbox(worker);
            }
        }
    }

    /// <summary>How deeply inline deliveries nest on this worker's stack now (see ActorCell); owner-only.</summary>
    public ref int InlineDepth => ref _inlineDepth;

    /// <summary>Envelopes handled so far: progress, as the deadlock detector sees it (owner writes, others read).</summary>
    public long Handled => Volatile.Read(ref _handled);

    /// <summary>The thread has been started: from now on only it may touch its cells (others post to it).</summary>
    public bool IsStarted => _isStarted;

    /// <summary>The worker running on the current thread, if any.</summary>
    public static Worker? Current => t_current;

    /// <summary>This worker's share of the outstanding-work count; changed only through <see cref="OutstandingWork"/>, on this worker's thread.</summary>
    public ref OutstandingWork.WorkerShare Work => ref _work;

    /// <summary>
    /// From now on only the worker's thread may use its local queue. Called for every worker before any thread
    /// starts, so that a worker that starts first posts to the others' rings, never to their local queues.
    /// </summary>
    public void MarkStarted() => _isStarted = true;

    public void Start()
    {
        Debug.Assert(IsStarted, "MarkStarted first");
        _thread.Start();
    }

    /// <summary>Stops the thread once it has handled what was posted; with <paramref name="abandon"/>, what is left is dead-lettered instead.</summary>
    public void Stop(bool abandon)
    {
        _abandon |= abandon;
        _sequencer.Shutdown();
    }

    public void Join() => _thread.Join();

    public void PostProduce(ActorCell cell)
    {
        PostControl(cell, EnvelopeKind.Produce);
    }

    public void PostResume(ActorCell cell) => PostControl(cell, EnvelopeKind.Resume);

    /// <summary>Posts a control envelope (Produce, Resume, Retry, Timer, Emit) for <paramref name="cell"/>; from any thread.</summary>
    public void PostControl(ActorCell cell, EnvelopeKind kind)
    {
        OutstandingWork work = _run.Work;
        work.AddForPost(this, work.CurrentWorker);
        Post(Envelope.Control(cell, kind));
    }

    /// <summary>Queues an envelope: locally when called on this worker's own thread, through the ring otherwise.</summary>
    public void Post(in Envelope envelope) => Post(envelope, t_current is { } current && current._run == _run ? current : null);

    /// <summary>As <see cref="Post(in Envelope)"/>, for a caller that knows the worker it runs on (null: not a worker).</summary>
    public void Post(in Envelope envelope, Worker? current)
    {
        if (current == this || !IsStarted)
        {
            // Before the thread starts, the thread that starts the run is the only one here: the local queue is
            // safe, and it keeps start-up deliveries in order with the inline ones that follow (see ActorCell).
            if (envelope.Kind is EnvelopeKind.Deliver or EnvelopeKind.DeliverEndingInitials)
            {
                envelope.Cell.LocallyQueued++;
            }

            _local.Enqueue(envelope);
            return;
        }

        if (current is not null)
        {
            current.AddToOutbox(this, envelope); // another worker: batched, published before it waits
            return;
        }

        if (!_sequencer.TryNext(out long sequence))
        {
            PostWhenRoom(envelope);
            return;
        }

        _ring[sequence] = envelope;
        _sequencer.Publish(sequence);
    }

    private void AddToOutbox(Worker target, in Envelope envelope)
    {
        WorkerOutbox outbox = _outboxes![target.Index];
        _unflushed++;
        if (outbox.Add(envelope))
        {
            _unflushed -= outbox.Count;
            outbox.Flush();
        }
    }

    /// <summary>Publishes every outbox (owner); cheap when they are empty.</summary>
    private void FlushOutboxes()
    {
        if (_unflushed == 0)
        {
            return;
        }

        foreach (WorkerOutbox? outbox in _outboxes!)
        {
            if (outbox is { Count: > 0 })
            {
                outbox.Flush();
            }
        }

        _unflushed = 0;
    }

    /// <summary>Claims <paramref name="count"/> slots of this worker's ring at once and publishes the batch (another worker's outbox).</summary>
    public void PublishBatch(Envelope[] items, int count)
    {
        if (!_sequencer.TryNext(count, out long high))
        {
            for (int i = 0; i < count; i++)
            {
                PostWhenRoom(items[i]); // unreachable while the ring is sized from the credits
            }

            return;
        }

        long low = high - count + 1;
        for (int i = 0; i < count; i++)
        {
            _ring[low + i] = items[i];
        }

        _sequencer.Publish(low, high);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PostWhenRoom(in Envelope envelope)
    {
        if (_sequencer.IsShutdown)
        {
            envelope.Cell.Abandon(envelope); // a timer or a host thread posting after the run: nothing is lost silently
            return;
        }

        // Unreachable while the ring is sized from the credits; kept so that a sizing mistake slows a run
        // down instead of corrupting it.
        long sequence;
        try
        {
            sequence = _sequencer.Next();
        }
        catch (RingShutdownException)
        {
            envelope.Cell.Abandon(envelope);
            return;
        }

        _ring[sequence] = envelope;
        _sequencer.Publish(sequence);
    }

    /// <summary>The worker's thread: local work first, then batches from the ring, flushing its share before it waits.</summary>
    private void Loop()
    {
        t_current = this;
        try
        {
            long next = 0;
            while (true)
            {
                while (_local.TryDequeue(out Envelope local))
                {
                    if (local.Kind is EnvelopeKind.Deliver or EnvelopeKind.DeliverEndingInitials)
                    {
                        local.Cell.LocallyQueued--;
                    }

                    Handle(local);
                    if ((++_handled & (FlushEvery - 1)) == 0)
                    {
                        FlushOutboxes();
                        NoticeEventWindow();
                    }

                    if (_abandon)
                    {
                        AbandonFrom(next);
                        return;
                    }
                }

                if (_fresh is { Count: > 0 })
                {
                    // The newest fresh child first, and only once the local queue is empty: a tree of spawned actors is
                    // walked depth first, and its children's replies and end markers (queued) are handled before the
                    // next child starts, so a child whose work is done is collected at once instead of when the whole
                    // tree has been spawned (see ActorCell.Spawning).
                    SpawnedChild child = _fresh.Pop();
                    child.Parent.StartIfWaiting(child, this, inline: true);
                    if ((++_handled & (FlushEvery - 1)) == 0) // progress, as the deadlock detector sees it, even with no envelope between starts
                    {
                        FlushOutboxes();
                        NoticeEventWindow();
                    }

                    if (_abandon)
                    {
                        AbandonFrom(next);
                        return;
                    }

                    continue;
                }

                FlushOutboxes(); // before anything that may wait: nothing may sit in an outbox while this worker idles
                if (_local.EnsureCapacity(0) > LocalQueueKeep)
                {
                    _local.TrimExcess(); // a start-up burst (an initial packet per actor) must not pin its array for the run
                }

                _run.Work.Flush(this); // no local work left: publish this worker's share (one interlocked per batch)
                if (!_barrier.TryWaitFor(next, out long available))
                {
                    AbandonFrom(next); // shut down: the run is over; after a stop without drain, something may be left
                    return;
                }

                NoticeEventWindow(); // a wait may have crossed into a new second of the event budgets

                for (; next <= available; next++)
                {
                    if (_abandon)
                    {
                        AbandonFrom(next); // a stop without drain: not even the rest of this batch runs
                        return;
                    }

                    ref Envelope slot = ref _ring[next];
                    Envelope envelope = slot;
                    slot = default; // drop references held by the slot
                    _consumed.SetValue(next); // frees the slot before the work runs: the credit, not the slot, bounds the edge
                    Handle(envelope);
                    if ((++_handled & (FlushEvery - 1)) == 0)
                    {
                        FlushOutboxes(); // a long batch still feeds the other workers as it goes
                        NoticeEventWindow();
                    }
                }
            }
        }
        catch (Exception ex)
        {
            _run.Work.Fail(new InvalidOperationException($"Worker {Index} failed: {ex.Message}", ex));
        }
    }

    /// <summary>Puts a spawned child on this worker's stack of fresh children (owner): it gets its first messages when the local queue is empty.</summary>
    public void PushFresh(SpawnedChild child) => (_fresh ??= new Stack<SpawnedChild>()).Push(child);

    /// <summary>The local queue's capacity kept when it empties; a larger one (a burst) is given back.</summary>
    private const int LocalQueueKeep = 4096;

    /// <summary>How many envelopes a worker handles between outbox flushes (a power of two).</summary>
    private const int FlushEvery = 16;

    /// <summary>A stop without drain: what is still queued is dead-lettered, not handled.</summary>
    private void AbandonFrom(long next)
    {
        foreach (WorkerOutbox? outbox in _outboxes ?? [])
        {
            outbox?.Abandon();
        }

        while (_local.TryDequeue(out Envelope local))
        {
            local.Cell.Abandon(local);
        }

        while (_fresh?.TryPop(out SpawnedChild? child) == true)
        {
            child.Parent.AbandonFreshChild(child);
        }

        long published = _sequencer.Cursor;
        for (; next <= published && _sequencer.IsAvailable(next); next++)
        {
            ref Envelope slot = ref _ring[next];
            slot.Cell?.Abandon(slot);
            slot = default;
        }
    }

    private void Handle(in Envelope envelope)
    {
        ActorCell cell = envelope.Cell;
        cell.OnStack = true; // inline deliveries must not re-enter it (see ActorCell.DeliverInline)
        switch (envelope.Kind)
        {
            case EnvelopeKind.Deliver:
                cell.Deliver(envelope);
                cell.OnStack = false;
                return; // Deliver uncounts itself once the message is handled (perhaps later, if held back)
            case EnvelopeKind.DeliverEndingInitials:
                cell.DeliverEndingInitials(envelope);
                cell.OnStack = false;
                return;
            case EnvelopeKind.Produce:
                cell.Produce();
                break;
            case EnvelopeKind.Resume:
                cell.Resume();
                break;
            case EnvelopeKind.Retry:
                cell.Retry();
                break;
            case EnvelopeKind.Timer:
                cell.FireTimer();
                break;
            case EnvelopeKind.Emit:
                cell.EmitForeign();
                break;
            case EnvelopeKind.Batch:
                cell.RunBatch();
                break;
            case EnvelopeKind.AsyncDone:
                cell.EndAsyncCall();
                break;
            case EnvelopeKind.StreamCheck:
                cell.CheckStreamEnd();
                break;
            case EnvelopeKind.ForceEnd:
                cell.ForceEndOfInput();
                break;
            case EnvelopeKind.Update:
                RunAction();
                break;
            case EnvelopeKind.ChildFinished:
                cell.ReportFinishedToParent();
                break;
        }

        cell.OnStack = false;
        OutstandingWork.RetireLocal(this); // the control envelope is handled
    }
}
