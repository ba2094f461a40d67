using System.Text.Json.Nodes;

namespace Reflow.Server.Runtime;

/// <summary>
/// The network of one graph as the protocol sees it (Network/LiveNetwork.cs): started from the graph's current state
/// by <c>network:start</c>, its events broadcast to every client while it runs.
/// </summary>
internal interface ILiveNetwork : IAsyncDisposable
{
    /// <summary>The graph's id.</summary>
    string Graph { get; }

    /// <summary>Started and not yet finished or stopped.</summary>
    bool IsRunning { get; }

    /// <summary>Has been started (it may have finished since).</summary>
    bool HasStarted { get; }

    /// <summary>When it was started, or null.</summary>
    DateTimeOffset? StartedAt { get; }

    /// <summary>Whether <c>network:debug</c> turned on per-message events.</summary>
    bool Debug { get; }

    /// <summary>
    /// <c>runtime:packet</c> from a client: <paramref name="event"/> (<c>data</c>, <c>begingroup</c>, <c>endgroup</c>,
    /// <c>connect</c>, <c>disconnect</c>) with <paramref name="payload"/> into the exported in-port <paramref name="port"/>.
    /// </summary>
    /// <exception cref="Protocol.FbpProtocolException">No such exported in-port, an event it cannot take, or the network is not running.</exception>
    ValueTask SendPacketAsync(string port, string @event, JsonNode? payload, CancellationToken cancellationToken);

    /// <summary>
    /// After an edit of the graph: a running network takes the graph's new shape without restarting the nodes the edit
    /// does not touch (a network:error tells every client when it cannot yet, and why).
    /// </summary>
    ValueTask<Networks.NetworkUpdate?> ApplyGraphAsync(CancellationToken cancellationToken);
}
