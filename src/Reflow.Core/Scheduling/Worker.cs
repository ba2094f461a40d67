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
internal sealed class Worker
{
    [ThreadStatic]
    private static Worker? t_current;

    private readonly Scheduler _scheduler;
    private readonly RingBuffer<Envelope> _ring;
    private readonly MultiProducerSequencer _sequencer;
    private readonly SequenceBarrier _barrier;
    private readonly Sequence _consumed = new();
    private readonly Queue<Envelope> _local = new(256); // a working size up front: no growth in the first busy moments
    private readonly Thread _thread;

    public Worker(int index, int ringSize, Scheduler scheduler)
    {
        Index = index;
        _scheduler = scheduler;
        _sequencer = new MultiProducerSequencer(ringSize);
        _ring = new RingBuffer<Envelope>(_sequencer);
        _sequencer.AddGatingSequences(_consumed);
        _barrier = _sequencer.NewBarrier();
        _thread = new Thread(Run) { IsBackground = true, Name = $"reflow worker {index}" };
    }

    public int Index { get; }

    /// <summary>The worker running on the current thread, if any.</summary>
    public static Worker? Current => t_current;

    /// <summary>Work this worker counted or retired and has not yet added to the shared count (see <see cref="Scheduler"/>); owner-only.</summary>
    public long Balance;

    public void Start() => _thread.Start();

    public void Stop() => _sequencer.Shutdown();

    public void Join() => _thread.Join();

    public void PostProduce(ActorCell cell)
    {
        _scheduler.AddOutstandingFor(this);
        Post(new Envelope { Cell = cell, Kind = EnvelopeKind.Produce });
    }

    public void PostResume(ActorCell cell)
    {
        _scheduler.AddOutstandingFor(this);
        Post(new Envelope { Cell = cell, Kind = EnvelopeKind.Resume });
    }

    /// <summary>Queues an envelope: locally when called on this worker's own thread, through the ring otherwise.</summary>
    public void Post(in Envelope envelope)
    {
        if (t_current == this)
        {
            _local.Enqueue(envelope);
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

    private void PostWhenRoom(in Envelope envelope)
    {
        // Unreachable while the ring is sized from the credits; kept so that a sizing mistake slows a run
        // down instead of corrupting it.
        long sequence = _sequencer.Next();
        _ring[sequence] = envelope;
        _sequencer.Publish(sequence);
    }

    private void Run()
    {
        t_current = this;
        try
        {
            long next = 0;
            while (true)
            {
                while (_local.TryDequeue(out Envelope local))
                {
                    Handle(local);
                }

                _scheduler.Flush(this); // no local work left: publish this worker's balance (one interlocked per batch)
                if (!_barrier.TryWaitFor(next, out long available))
                {
                    return; // shut down: the run is over
                }

                for (; next <= available; next++)
                {
                    ref Envelope slot = ref _ring[next];
                    Envelope envelope = slot;
                    slot = default; // drop references held by the slot
                    _consumed.SetValue(next); // frees the slot before the work runs: the credit, not the slot, bounds the edge
                    Handle(envelope);
                }
            }
        }
        catch (Exception ex)
        {
            _scheduler.Fail(new InvalidOperationException($"Worker {Index} failed: {ex.Message}", ex));
        }
    }

    private static void Handle(in Envelope envelope)
    {
        ActorCell cell = envelope.Cell;
        switch (envelope.Kind)
        {
            case EnvelopeKind.Deliver:
                cell.Deliver(envelope);
                return; // Deliver uncounts itself once the message is handled (perhaps later, if held back)
            case EnvelopeKind.Produce:
                cell.Produce();
                break;
            case EnvelopeKind.Resume:
                cell.Resume();
                break;
        }

        cell.Worker._scheduler.CompleteOne();
    }
}
