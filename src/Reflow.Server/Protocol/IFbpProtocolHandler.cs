namespace Reflow.Server.Protocol;

/// <summary>
/// One sub-protocol of the FBP network protocol (<c>runtime</c>, <c>graph</c>, <c>component</c>, <c>network</c>,
/// <c>trace</c>). The dispatcher calls one handler at a time (under <see cref="Runtime.RuntimeState.Gate"/>), so a
/// handler reads and edits the runtime's state without locks of its own; work that outlives a request (a running
/// network's events) sends through <see cref="Runtime.RuntimeState.BroadcastAsync"/>.
/// </summary>
internal interface IFbpProtocolHandler
{
    /// <summary>The sub-protocol's name, as in the messages' <c>protocol</c> field.</summary>
    string Protocol { get; }

    /// <summary>Handles one request: replies to its client and broadcasts what every client must hear.</summary>
    /// <exception cref="FbpProtocolException">The request is refused; the dispatcher answers with an <c>error</c> message.</exception>
    ValueTask HandleAsync(FbpRequest request, CancellationToken cancellationToken);
}
