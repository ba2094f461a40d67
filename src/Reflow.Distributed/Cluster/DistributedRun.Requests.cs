using NATS.Client.Core;
using NATS.Client.JetStream;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Protocol;
using Reflow.Distributed.Transport;

namespace Reflow.Distributed.Cluster;

// Talking to the parts' nodes, and putting the result together from what they reported.
public sealed partial class DistributedRun
{
    private EdgeAssignment Assignment(RemoteEdge edge, bool send) => new(
        edge.Id, send, edge.ExportName, edge.From, edge.To, edge.Capacity,
        _options.Deployment.MaxBatch, _options.Deployment.CompressionThreshold, edge.Delivery);

    /// <summary>Sends <paramref name="request"/> to the node where its part runs now.</summary>
    private async Task<ControlReply> RequestAsync(string part, ControlRequest request, TimeSpan timeout)
    {
        string node = _where.TryGetValue(part, out var where) ? where.Node : part;
        try
        {
            NatsMsg<byte[]> reply = await _connection.RequestAsync<byte[], byte[]>(
                ClusterSubjects.NodeControl(node),
                ClusterJson.Write(request),
                replyOpts: new NatsSubOpts { Timeout = timeout }).ConfigureAwait(false);
            return ClusterJson.Read<ControlReply>(reply.Data, $"node '{node}': the reply to {request.Kind}");
        }
        catch (NatsPayloadTooLargeException ex)
        {
            // Only a prepare with shipped scripts grows past the server's limit: say so, not that the node was silent.
            return new ControlReply(false, $"node '{node}': the {request.Kind} request did not fit in one NATS message ({ex.Message}); ship fewer or smaller [scripts] with this part, or raise the servers' max_payload.");
        }
        catch (NatsNoRespondersException)
        {
            return new ControlReply(false, $"node '{node}' does not answer (no responder on its control subject: it left or died).");
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or OperationCanceledException or ClusterProtocolException)
        {
            return new ControlReply(false, $"node '{node}' did not answer {request.Kind} within {timeout.TotalSeconds:0.#} s ({ex.Message}).");
        }
    }

    /// <summary>A request of <paramref name="kind"/> to a part's current start, unless the part was given up or its node is dead.</summary>
    private Task<ControlReply> TryRequestAsync(string part, string kind, Func<ControlRequest, ControlRequest>? with = null)
    {
        if (_lost.ContainsKey(part) || !_where.TryGetValue(part, out var where) || _deadNodes.ContainsKey(where.Node))
        {
            return Task.FromResult(new ControlReply(false, "the part's node is gone"));
        }

        var request = new ControlRequest(kind, RunId, part) { Incarnation = where.Incarnation };
        return RequestAsync(part, with is null ? request : with(request), RequestTimeout);
    }

    private Task ReleaseAsync() =>
        Task.WhenAll(_partition.Parts.Select(p => TryRequestAsync(p.ClusterNode, ControlRequest.Release)));

    private DistributedRunResult Result()
    {
        var parts = new List<DistributedPartResult>(_partition.Parts.Count);
        foreach (GraphPart part in _partition.Parts)
        {
            PartStatus? status = _status.GetValueOrDefault(part.ClusterNode);
            parts.Add(_lost.TryGetValue(part.ClusterNode, out string? reason)
                ? new DistributedPartResult(part.ClusterNode, "lost", status?.Messages ?? 0, status?.Failures ?? 0, status?.DeadLetters ?? 0, TimeSpan.Zero, reason)
                : status is null
                    ? new DistributedPartResult(part.ClusterNode, "unknown", 0, 0, 0, TimeSpan.Zero, _waiting.GetValueOrDefault(part.ClusterNode) ?? "no status was received from the node")
                    : PartResult(status));
        }

        var edges = new List<RemoteEdgeStatistics>(_partition.Edges.Count);
        foreach (RemoteEdge edge in _partition.Edges)
        {
            EdgeStatus sender = EdgeEnd(edge, send: true);
            EdgeStatus receiver = EdgeEnd(edge, send: false);

            // A dead receiver's count is stale: what it took is what its sender had confirmed. A dead sender's last
            // report is all that is known of what it sent: what its receiver did not get of that is lost.
            long received = _lost.ContainsKey(edge.ToPart) ? sender.Confirmed : receiver.Messages;
            long lost = Math.Max(sender.Lost, receiver.Lost);
            if (_lost.ContainsKey(edge.FromPart))
            {
                lost = Math.Max(lost, sender.Messages - received);
            }

            edges.Add(new RemoteEdgeStatistics(edge.Id, edge.From, edge.To, edge.FromPart, edge.ToPart, edge.Delivery, sender.Messages, received, lost, sender.Frames, sender.Bytes));
        }

        return new DistributedRunResult(RunId, _clock.Elapsed, parts, edges);
    }

    /// <summary>One end of an edge: the coordinator's own, or as its node last reported it (zeros when it never did).</summary>
    private EdgeStatus EdgeEnd(RemoteEdge edge, bool send)
    {
        string part = send ? edge.FromPart : edge.ToPart;
        if (part == RemoteEdge.Coordinator)
        {
            EdgeAssignment assignment = Assignment(edge, send);
            Task<RemoteEdgeResult>? run = _localEdgeRuns.GetValueOrDefault(edge.Id);
            if (send)
            {
                RemoteEdgeSender sender = _inputs[edge.From].Sender;
                return PartRun.EdgeOf(assignment, true, run, sender.Sent, sender.Credited, sender.Frames, sender.Bytes);
            }

            RemoteEdgeReceiver receiver = _outputs[edge.To].Receiver;
            return PartRun.EdgeOf(assignment, false, run, receiver.Received, receiver.Received, receiver.Frames, receiver.Bytes, receiver.Lost);
        }

        return (_status.TryGetValue(part, out PartStatus? status) ? status.Edges.FirstOrDefault(e => e.Id == edge.Id) : null)
            ?? new EdgeStatus(edge.Id, send, 0, 0, 0, 0, 0, false);
    }

    private static DistributedPartResult PartResult(PartStatus status) =>
        new(status.Part, status.State, status.Messages, status.Failures, status.DeadLetters, TimeSpan.FromSeconds(status.ElapsedSeconds), status.Error)
        {
            RunningOn = status.Node,
            Restarts = status.Incarnation,
            FailureTexts = status.FailureTexts,
            Succeeded = status.Final && status.State == PartStatus.Finished && status.Completed && !status.UnhandledFailures,
        };

    /// <summary>Removes the run's JetStream stream (once): its frames are no longer needed once every part ended or the run stopped.</summary>
    private async Task DeleteStreamAsync()
    {
        if (!_durable || Interlocked.Exchange(ref _streamDeleted, 1) != 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(RequestTimeout);
            await RemoteEdgeStream.DeleteAsync(new NatsJSContext(_connection), RunId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsJSException or NatsException or OperationCanceledException)
        {
            Raise(ClusterEventKind.Warning, null, $"the run's stream REFLOW_{RunId} was not removed ({ex.Message}); its frames expire within a day");
        }
    }

    private void Raise(ClusterEventKind kind, string? node, string message) =>
        _options.OnEvent?.Invoke(new ClusterEvent(DateTimeOffset.UtcNow, kind, node, RunId, message));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_completion is { IsCompleted: false })
        {
            await StopAsync(drain: false).ConfigureAwait(false);
            await ((Task)_completion).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await DeleteStreamAsync().ConfigureAwait(false);
        foreach (var output in _outputs.Values)
        {
            await output.Receiver.DisposeAsync().ConfigureAwait(false);
        }

        if (_statuses is not null)
        {
            await _statuses.DisposeAsync().ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
