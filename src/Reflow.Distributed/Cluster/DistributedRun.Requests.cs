using NATS.Client.Core;
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

    private async Task<ControlReply> RequestAsync(string node, ControlRequest request, TimeSpan timeout)
    {
        try
        {
            NatsMsg<byte[]> reply = await _connection.RequestAsync<byte[], byte[]>(
                ClusterSubjects.NodeControl(node),
                ClusterJson.Write(request),
                replyOpts: new NatsSubOpts { Timeout = timeout }).ConfigureAwait(false);
            return ClusterJson.Read<ControlReply>(reply.Data, $"node '{node}': the reply to {request.Kind}");
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

    private Task<ControlReply> TryRequestAsync(string node, ControlRequest request) =>
        _lost.ContainsKey(node) ? Task.FromResult(new ControlReply(false, "lost")) : RequestAsync(node, request, RequestTimeout);

    private Task ReleaseAsync() =>
        Task.WhenAll(_partition.Parts.Select(p => TryRequestAsync(p.ClusterNode, new ControlRequest(ControlRequest.Release, RunId))));

    private DistributedRunResult Result()
    {
        var parts = new List<DistributedPartResult>(_partition.Parts.Count);
        foreach (GraphPart part in _partition.Parts)
        {
            PartStatus? status = _status.GetValueOrDefault(part.ClusterNode);
            parts.Add(_lost.TryGetValue(part.ClusterNode, out string? reason)
                ? new DistributedPartResult(part.ClusterNode, "lost", status?.Messages ?? 0, status?.Failures ?? 0, status?.DeadLetters ?? 0, TimeSpan.Zero, reason)
                : status is null
                    ? new DistributedPartResult(part.ClusterNode, "unknown", 0, 0, 0, TimeSpan.Zero, "no status was received from the node")
                    : PartResult(status));
        }

        var edges = new List<RemoteEdgeStatistics>(_partition.Edges.Count);
        foreach (RemoteEdge edge in _partition.Edges)
        {
            (long sent, long senderLost, long frames, long bytes) = SenderSide(edge);
            (long received, long receiverLost) = ReceiverSide(edge);

            // A dead sender's last report is all that is known of what it sent: what its receiver did not get of that is lost.
            long lost = Math.Max(senderLost, receiverLost);
            if (_lost.ContainsKey(edge.FromPart))
            {
                lost = Math.Max(lost, sent - received);
            }

            edges.Add(new RemoteEdgeStatistics(edge.Id, edge.From, edge.To, edge.FromPart, edge.ToPart, edge.Delivery, sent, received, lost, frames, bytes));
        }

        return new DistributedRunResult(RunId, _clock.Elapsed, parts, edges);
    }

    private (long Sent, long Lost, long Frames, long Bytes) SenderSide(RemoteEdge edge)
    {
        if (edge.FromPart == RemoteEdge.Coordinator)
        {
            RemoteEdgeSender sender = _inputs[edge.From].Sender;
            return (sender.Messages, sender.Lost, sender.Frames, sender.Bytes);
        }

        EdgeStatus? status = EdgeStatusOf(edge.FromPart, edge.Id);
        return status is null ? (0, 0, 0, 0) : (status.Messages, status.Lost, status.Frames, status.Bytes);
    }

    private (long Received, long Lost) ReceiverSide(RemoteEdge edge)
    {
        if (edge.ToPart == RemoteEdge.Coordinator)
        {
            RemoteEdgeReceiver receiver = _outputs[edge.To].Receiver;
            return (receiver.Messages, receiver.Lost);
        }

        EdgeStatus? status = EdgeStatusOf(edge.ToPart, edge.Id);
        return status is null ? (0, 0) : (status.Messages, status.Lost);
    }

    private EdgeStatus? EdgeStatusOf(string node, int id) =>
        _status.TryGetValue(node, out PartStatus? status) ? status.Edges.FirstOrDefault(e => e.Id == id) : null;

    private static DistributedPartResult PartResult(PartStatus status) =>
        new(status.Node, status.State, status.Messages, status.Failures, status.DeadLetters, TimeSpan.FromSeconds(status.ElapsedSeconds), status.Error)
        {
            FailureTexts = status.FailureTexts,
            Succeeded = status.Final && status.State == PartStatus.Finished && status.Completed && !status.UnhandledFailures,
        };

    private void Raise(ClusterEventKind kind, string? node, string message) =>
        _options.OnEvent?.Invoke(new ClusterEvent(DateTimeOffset.UtcNow, kind, node, RunId, message));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_completion is { IsCompleted: false })
        {
            await StopAsync(drain: false).ConfigureAwait(false);
            await _completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var input in _inputs.Values)
        {
            await input.Sender.DisposeAsync().ConfigureAwait(false);
        }

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
