using Reflow.Messages;

namespace Reflow.Distributed.Transport;

/// <summary>Where a <see cref="RemoteEdgeReceiver"/> delivers: an exported in-port of a part network, in practice.</summary>
internal interface IRemoteEdgeTarget
{
    /// <summary>Delivers at once if there is room.</summary>
    /// <returns><see langword="false"/> when full (then <see cref="SendAsync"/> waits for room).</returns>
    bool TrySend(in Message message);

    /// <summary>Delivers, waiting for room: the receiver's backpressure, which holds back its credit and so the sender.</summary>
    ValueTask SendAsync(Message message, CancellationToken cancellationToken);

    /// <summary>End of stream: no more messages.</summary>
    void Complete();
}
