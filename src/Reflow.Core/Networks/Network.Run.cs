using System.Collections.Immutable;
using System.Diagnostics;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scheduling;

namespace Reflow.Networks;

// The run of a network: start (actors, initial packets, first Produce calls, the host's waits, the workers, the
// deadlock watch), the end of the run when its outstanding work reaches zero (OutstandingWork.Finished) or it is
// aborted, and what is settled then (workers joined, actors stopped, outputs completed, statistics taken).
public sealed partial class Network
{
    private void Start(bool keepAlive)
    {
        _updates.Wait(); // an update before the start rebuilds the network: not while it starts
        try
        {
            StartLocked(keepAlive);
        }
        finally
        {
            _updates.Release();
        }
    }

    private void StartLocked(bool keepAlive)
    {
        if (Interlocked.CompareExchange(ref _state, Started, NotStarted) != NotStarted)
        {
            throw new InvalidOperationException("A network runs once; create a new one from the same definition to run again.");
        }

        _activity = NetworkMetrics.ActivitySource.StartActivity("reflow.network.run");
        _activity?.SetTag("reflow.network", _options.Name).SetTag("reflow.nodes", _cells.Length);
        _run.RunActivity = _activity?.Context ?? default;
        _clock.Start();
        _run.Events.PublishIfEnabled(NetworkEventKind.NetworkStarted);
        _run.TrackStreams(_cells);
        foreach (ActorCell cell in _cells)
        {
            cell.Start();
        }

        PostInitials();
        foreach (ActorCell cell in _cells)
        {
            cell.CloseInputsIfUnfed(); // nothing feeds it: its stream ends now (after OnStart), and what it emits is queued
        }

        foreach (ActorCell cell in _cells)
        {
            if (cell.Source is not null && !cell.SourceDone)
            {
                cell.ProducePending = true;
                cell.Worker.PostProduce(cell);
            }
        }

        foreach (HostInput input in _inputs.Values)
        {
            input.Open(); // each exported in-port is outstanding work until the host completes it
        }

        if (keepAlive)
        {
            _keptAlive = 1;
            _run.Work.AddHostWait(1); // a started network waits for the host's StopAsync
        }

        _run.Work.CheckFinishedAtStart();
        foreach (Worker worker in _workers)
        {
            worker.MarkStarted();
        }

        foreach (Worker worker in _workers)
        {
            worker.Start();
        }

        if (_options.DeadlockDetectionInterval > TimeSpan.Zero)
        {
            _deadlockWatch = new DeadlockWatch(_cells, _workers, _statistics, () => Volatile.Read(ref _state) is Started or Stopping, OnDeadlock);
            _deadlockWatch.Start(_options.DeadlockDetectionInterval);
        }

        _ = FinishWhenDoneAsync();
    }

    /// <summary>
    /// Initial packets first: posted before any worker runs, so they precede all other input of their node. Each node's
    /// packets end like an edge (docs/streams.md): when they all go to one whole port, its last packet carries the end
    /// (<see cref="EnvelopeKind.DeliverEndingInitials"/>); otherwise one marker after them lists the ports and indexes,
    /// in port order (see ActorCell.Streams).
    /// </summary>
    private void PostInitials()
    {
        ImmutableArray<InitialDefinition> initials = _definition.Initials;
        if (initials.IsEmpty)
        {
            return;
        }

        // Per node, in one pass (no sort: a node per packet is B7's start-up): its last packet, its port, and
        // whether its packets go to more than one port or to an index.
        var last = new int[_cells.Length];
        var port = new int[_cells.Length];
        var several = new bool[_cells.Length];
        Array.Fill(last, -1);
        for (int i = 0; i < initials.Length; i++)
        {
            InitialDefinition initial = initials[i];
            several[initial.ToNode] |= initial.ToIndex >= 0 || (last[initial.ToNode] >= 0 && port[initial.ToNode] != initial.ToPort);
            last[initial.ToNode] = i;
            port[initial.ToNode] = initial.ToPort;
        }

        Dictionary<int, List<(int Port, int Index)>>? groups = null; // the nodes with several groups: rare
        for (int i = 0; i < initials.Length; i++)
        {
            InitialDefinition initial = initials[i];
            _run.Work.Add(1, current: null); // the thread that starts the run is no worker
            ActorCell target = _cells[initial.ToNode];
            target.ExpectInitials();
            Edge? element = initial.ToIndex < 0 ? null : InitialEdge(target, initial);
            Envelope packet = Envelope.Deliver(target, element, initial.ToPort, initial.Value);
            if (several[initial.ToNode])
            {
                groups ??= [];
                List<(int Port, int Index)> ofNode = groups.TryGetValue(initial.ToNode, out var known) ? known : groups[initial.ToNode] = [];
                if (!ofNode.Contains((initial.ToPort, initial.ToIndex)))
                {
                    ofNode.Add((initial.ToPort, initial.ToIndex));
                }
            }
            else if (last[initial.ToNode] == i)
            {
                packet.Kind = EnvelopeKind.DeliverEndingInitials;
            }

            target.Worker.Post(packet);
        }

        foreach ((int node, List<(int Port, int Index)> ofNode) in groups ?? [])
        {
            ofNode.Sort(); // port order, each index before the next port (see ActorCell.Streams)
            ActorCell target = _cells[node];
            _run.Work.Add(1, current: null);
            target.Worker.Post(Envelope.Deliver(target, null, ofNode[0].Port, Message.EndOfInitials([.. ofNode])));
        }
    }

    /// <summary>A deadlock was confirmed (the watch's timer thread): report it and end the run with it.</summary>
    private void OnDeadlock(NetworkDeadlockException deadlock)
    {
        _run.Events.Publish(new NetworkEvent(NetworkEventKind.Deadlock, _options.TimeProvider.GetUtcNow(), Exception: deadlock) { Nodes = deadlock.Nodes });
        _aborted = true;
        foreach (Worker worker in _workers)
        {
            worker.Stop(abandon: true);
        }

        _run.Work.Fail(deadlock);
    }

    private void ReleaseKeepAlive()
    {
        if (Interlocked.Exchange(ref _keptAlive, 0) == 1)
        {
            _run.Work.RetireHostWait();
        }
    }

    private void Abort()
    {
        _stopRequested = true;
        _aborted = true;
        foreach (Worker worker in _workers)
        {
            worker.Stop(abandon: true); // at once, not when the finishing continuation runs: nothing more is handled
        }

        _run.Work.Abort();
        CloseInputs();
    }

    /// <summary>Ends the run once its work is done (or it was stopped): workers, actors, outputs, statistics.</summary>
    private async Task FinishWhenDoneAsync()
    {
        Exception? failure = null;
        try
        {
            await _run.Work.Finished.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        _deadlockWatch?.Dispose();
        bool abandon = _aborted || failure is not null;
        foreach (Worker worker in _workers)
        {
            worker.Stop(abandon);
        }

        foreach (Worker worker in _workers)
        {
            worker.Join();
        }

        if (!abandon)
        {
            OutstandingWork.AssertSettled(_workers); // Debug builds: a run that finished by itself left no share unsettled
        }

        _clock.Stop();
        Volatile.Write(ref _state, Finished);
        foreach (ActorCell cell in _cells)
        {
            cell.AbandonHeld(); // a stop without draining leaves out-buffers: to the host's outputs (before they close) or the dead letters
        }

        foreach (HostOutput output in _outputs.Values)
        {
            output.Complete(); // what is left can still be read; then ReadAllAsync ends
        }

        CloseInputs();

        foreach (ActorCell cell in _cells)
        {
            cell.Stop();
        }

        ActorCell[] retiredCells;
        Edge[] retiredEdges;
        lock (_retiredCells)
        {
            retiredCells = [.. _retiredCells];
            retiredEdges = [.. _retiredEdges];
        }

        foreach (ActorCell cell in retiredCells)
        {
            cell.Stop(); // removed by a live edit: its actor has stopped already; what still reached it is accounted for
        }

        var result = _statistics.WithFailures(new NetworkRunResult(
            _clock.Elapsed, NetworkStatistics.WithRetired(_statistics.NodesSnapshot(), retiredCells, _statistics.Node), NetworkStatistics.WithRetired(_statistics.EdgesSnapshot(), retiredEdges, _statistics.Edge))
        {
            Completed = !abandon,
            DeadLetters = _run.DeadLetters.Count,
            DeadLettersByReason = _run.DeadLetters.CountsByReason(),
            EventsDiscarded = _run.Events.Discarded,
        });

        _run.Events.PublishIfEnabled(NetworkEventKind.NetworkFinished, exception: failure);
        _run.Events.Complete();
        _run.DeadLetters.Complete();
        if (_activity is not null)
        {
            _activity.SetTag("reflow.messages", result.Messages).SetTag("reflow.errors", result.Errors).SetTag("reflow.uncaught_failures", result.UncaughtFailures);
            _activity.SetStatus(failure is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, failure?.Message);
            _activity.Dispose();
        }

        if (failure is not null)
        {
            _completion.TrySetException(failure);
        }
        else
        {
            _completion.TrySetResult(result);
        }
    }
}
