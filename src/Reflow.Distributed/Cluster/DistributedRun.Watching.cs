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
            while (!IsOver())
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
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
        await ReleaseAsync().ConfigureAwait(false);
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

    private bool IsFinal(string node) => _lost.ContainsKey(node) || (_status.TryGetValue(node, out PartStatus? s) && s.Final);

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
        if (status.RunId != RunId || _lost.ContainsKey(status.Node))
        {
            return;
        }

        // A final status is never replaced by a progress report that overtook it.
        _status.AddOrUpdate(status.Node, status, (_, old) => old.Final ? old : status);
    }

    private async Task PollAsync(string node)
    {
        ControlReply reply = await TryRequestAsync(node, new ControlRequest(ControlRequest.Status, RunId)).ConfigureAwait(false);
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
            string node = part.ClusterNode;
            if (IsFinal(node) || live.Any(n => n.Name == node))
            {
                continue;
            }

            string reason = $"node '{node}' stopped sending heartbeats (no membership entry for {_options.MemberTimeout.TotalSeconds:0.#} s)";
            if (_lost.TryAdd(node, reason))
            {
                Raise(ClusterEventKind.NodeLost, node, reason + "; its part is lost and its remote edges are given up (at-most-once: what did not cross is counted as lost)");
                await AbandonEdgesOfAsync(node, reason).ConfigureAwait(false);
            }
        }
    }

    private async Task AbandonEdgesOfAsync(string node, string reason)
    {
        var byNode = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (RemoteEdge edge in _partition.Edges)
        {
            string? other = edge.FromPart == node ? edge.ToPart : edge.ToPart == node ? edge.FromPart : null;
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
                (byNode.TryGetValue(other, out List<int>? ids) ? ids : byNode[other] = []).Add(edge.Id);
            }
        }

        await Task.WhenAll(byNode.Select(pair => TryRequestAsync(pair.Key, new ControlRequest(ControlRequest.Abandon, RunId) { EdgeIds = pair.Value, Reason = reason }))).ConfigureAwait(false);
    }
}
