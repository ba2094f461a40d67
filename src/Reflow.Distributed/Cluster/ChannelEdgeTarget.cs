using System.Threading.Channels;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Cluster;

/// <summary>A remote edge ending at the coordinator: one of the run's exported out-ports, read by the user as a channel.</summary>
internal sealed class ChannelEdgeTarget(ChannelWriter<Message> writer) : IRemoteEdgeTarget
{
    public bool TrySend(in Message message) => writer.TryWrite(message);

    public ValueTask SendAsync(Message message, CancellationToken cancellationToken) => writer.WriteAsync(message, cancellationToken);

    public void Complete() => writer.TryComplete();
}
