using NATS.Client.Core;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Protocol;
using Reflow.Distributed.Transport;

namespace Reflow.Distributed.Cluster;

// Watching a started run: statuses (published by the parts, and asked for every second in case one was missed),
// membership (a part whose node left the bucket is lost, and the other ends of its edges are told to give them up),
// and the end: every part final or lost, every edge of the coordinator's ended.
public sealed partial class DistributedRun
{
    private async Task<DistributedRunResult> WatchAsync(CancellationToken cancellationToken)
    {
        Task reading = ReadStatusesAsync(cancellationToken);
        long nextMembers = 0;
        long nextPoll = Environment.TickCount64 + (long)StatusPoll.TotalMilliseconds;
        try
        {
            bool stopped = false;
            while (!IsOver())
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                if (!stopped && _localEdgeRuns.Values.FirstOrDefault(t => t.IsFaulted) is { } failed)
                {
                    // An edge of the coordinator that fails would leave its far end waiting for ever: the run stops.
                    stopped = true;
                    Raise(ClusterEventKind.Warning, null, $"a remote edge of the coordinator failed ({failed.Exception!.GetBaseException().Message}); the run stops without draining");
                    _ = StopAsync(drain: false);
                }

                long now = Environment.TickCount64;
                if (now >= nextMembers)
                {
                    nextMembers = now + (long)MemberPoll.TotalMilliseconds;
                    await CheckMembersAsync(cancellationToken).ConfigureAwait(false);
                }

                if (now >= nextPoll)
                {
                    nextPoll = now + (long)StatusPoll.TotalMilliseconds;
                    await Task.WhenAll(_partition.Parts.Where(p => !IsFinal(p.ClusterNode)).Select(p => PollAsync(p.ClusterNode))).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped without draining: the result says what each part had done.
        }

        _clock.Stop();
        await Task.WhenAny(Task.WhenAll(_localEdgeRuns.Values), Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        DistributedRunResult result = Result();

        // A receiver completes its out-port at the edge's end; one stopped without it must not leave a reader waiting.
        foreach (var output in _outputs.Values)
        {
            output.Channel.Writer.TryComplete();
        }

        await ReleaseAsync().ConfigureAwait(false);
        await DeleteStreamAsync().ConfigureAwait(false);
        if (_statuses is not null)
        {
            await _statuses.UnsubscribeAsync().ConfigureAwait(false);
        }

        await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Raise(ClusterEventKind.RunFinished, null, result.Succeeded
            ? $"finished: {result.Messages} messages on {result.Parts.Count} nodes in {result.Elapsed.TotalSeconds:0.###} s"
            : $"finished with problems: {result.Parts.Count(p => !p.Succeeded)} parts not successful, {result.Lost} messages lost");
        return result;
    }

    private bool IsFinal(string part) => _lost.ContainsKey(part) || (_status.TryGetValue(part, out PartStatus? s) && s.Final && s.Incarnation == _where[part].Incarnation);

    private bool IsOver()
    {
        foreach (GraphPart part in _partition.Parts)
        {
            if (!IsFinal(part.ClusterNode))
            {
                return false;
            }
        }

        foreach (Task<RemoteEdgeResult> edge in _localEdgeRuns.Values)
        {
            if (!edge.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }

    private async Task ReadStatusesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (NatsMsg<byte[]> message in _statuses!.Msgs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    Update(ClusterJson.Read<PartStatus>(message.Data, $"run {RunId}: a part's status"));
                }
                catch (ClusterProtocolException ex)
                {
                    Raise(ClusterEventKind.Warning, null, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    private void Update(PartStatus status)
    {
        // Only the part's current start speaks for it: a report from a start on a node since taken as dead, or one that
        // overtook the final status, is ignored.
        if (status.RunId != RunId || _lost.ContainsKey(status.Part)
            || !_where.TryGetValue(status.Part, out var where) || where.Incarnation != status.Incarnation || where.Node != status.Node)
        {
            return;
        }

        _status.AddOrUpdate(status.Part, status, (_, old) => old.Final && old.Incarnation == status.Incarnation ? old : status);
    }

    private async Task PollAsync(string part)
    {
        ControlReply reply = await TryRequestAsync(part, ControlRequest.Status).ConfigureAwait(false);
        if (reply.Status is { } status)
        {
            Update(status);
        }
    }

    private async Task CheckMembersAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<NodeRecord> live;
        try
        {
            live = await _membership.ListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException ex)
        {
            Raise(ClusterEventKind.Warning, null, $"membership not read ({ex.Message}); retrying");
            return;
        }

        foreach (GraphPart part in _partition.Parts)
        {
            string name = part.ClusterNode;
            (string node, int incarnation) = _where[name];
            if (IsFinal(name) || (!_waiting.ContainsKey(name) && live.Any(n => n.Name == node)))
            {
                continue;
            }

            if (!_waiting.ContainsKey(name))
            {
                string reason = $"node '{node}' stopped sending heartbeats (no membership entry for {_options.MemberTimeout.TotalSeconds:0.#} s)";
                _deadNodes[node] = reason;
                if (!IsRestartable(name))
                {
                    if (_lost.TryAdd(name, reason))
                    {
                        Raise(ClusterEventKind.NodeLost, node, reason + $"; part {name} is lost and its remote edges are given up (at-most-once: what did not cross is counted as lost)");
                        await AbandonEdgesOfAsync(name, reason).ConfigureAwait(false);
                    }

                    continue;
                }

                Raise(ClusterEventKind.NodeLost, node, reason + $"; part {name} (every edge at-least-once) is started again on another node");
                _waiting[name] = reason;
            }

            await RestartAsync(part, incarnation + 1, live).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A part may start again elsewhere only when every remote edge it has is at-least-once: its inputs are kept in
    /// JetStream and replayed from the start to the new start, and its outputs (numbered from the start again) are
    /// de-duplicated by sequence at their receivers — so each sink sees each message once.
    /// </summary>
    private bool IsRestartable(string part)
    {
        bool any = false;
        foreach (RemoteEdge edge in _partition.Edges)
        {
            if (edge.FromPart == part || edge.ToPart == part)
            {
                any = true;
                if (edge.Delivery != DeliveryMode.AtLeastOnce)
                {
                    return false;
                }
            }
        }

        return any;
    }

    /// <summary>Starts <paramref name="part"/> again on the live node running the fewest parts of this run; waits for one when none is live.</summary>
    private async Task RestartAsync(GraphPart part, int incarnation, IReadOnlyList<NodeRecord> live)
    {
        string? target = null;
        int fewest = int.MaxValue;
        foreach (NodeRecord node in live)
        {
            if (_deadNodes.ContainsKey(node.Name))
            {
                continue;
            }

            int load = _where.Values.Count(w => w.Node == node.Name);
            if (load < fewest)
            {
                (target, fewest) = (node.Name, load);
            }
        }

        if (target is null)
        {
            if (_waiting[part.ClusterNode] is { } why && !why.EndsWith("(waiting for a node)", StringComparison.Ordinal))
            {
                _waiting[part.ClusterNode] = why + " (waiting for a node)";
                Raise(ClusterEventKind.Warning, null, $"part {part.ClusterNode}: no live node can take it; it starts when a node joins or returns");
            }

            return;
        }

        _where[part.ClusterNode] = (target, incarnation);
        ControlReply prepared = await RequestAsync(part.ClusterNode, Prepare(part, incarnation), _options.PrepareTimeout).ConfigureAwait(false);
        ControlReply started = prepared.Ok
            ? await RequestAsync(part.ClusterNode, new ControlRequest(ControlRequest.Start, RunId, part.ClusterNode) { Incarnation = incarnation }, RequestTimeout).ConfigureAwait(false)
            : prepared;
        if (!started.Ok)
        {
            // Tried again at the next membership check, on whichever node is then the least busy.
            _deadNodes.TryAdd(target, "it could not take a restarted part: " + started.Error);
            Raise(ClusterEventKind.Warning, target, $"part {part.ClusterNode} did not start again here: {started.Error}");
            return;
        }

        _waiting.TryRemove(part.ClusterNode, out _);
        Raise(ClusterEventKind.PartStarted, target, $"part {part.ClusterNode} started again here (start {incarnation}); its inputs are replayed from JetStream");
    }

    private async Task AbandonEdgesOfAsync(string part, string reason)
    {
        var byPart = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (RemoteEdge edge in _partition.Edges)
        {
            string? other = edge.FromPart == part ? edge.ToPart : edge.ToPart == part ? edge.FromPart : null;
            if (other is null)
            {
                continue;
            }

            if (other == RemoteEdge.Coordinator)
            {
                if (_inputs.TryGetValue(edge.From, out var input) && input.Edge.Id == edge.Id)
                {
                    input.Sender.Abandon(reason);
                }

                if (_outputs.TryGetValue(edge.To, out var output) && output.Edge.Id == edge.Id)
                {
                    output.Receiver.Abandon(reason);
                }

                Raise(ClusterEventKind.EdgeAbandoned, null, $"edge {edge.Id} ({edge.From} -> {edge.To}) given up: {reason}");
            }
            else if (!_lost.ContainsKey(other))
            {
                (byPart.TryGetValue(other, out List<int>? ids) ? ids : byPart[other] = []).Add(edge.Id);
            }
        }

        await Task.WhenAll(byPart.Select(pair => TryRequestAsync(pair.Key, ControlRequest.Abandon, r => r with { EdgeIds = pair.Value, Reason = reason }))).ConfigureAwait(false);
    }
}
