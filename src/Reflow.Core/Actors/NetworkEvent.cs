using Reflow.Messages;

namespace Reflow.Actors;

/// <summary>One thing that happened in a running network; see <see cref="Networks.Network.SubscribeEvents"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Timestamp">When, by the network's <see cref="Networks.NetworkOptions.TimeProvider"/>.</param>
/// <param name="NodeId">The node concerned, if any.</param>
/// <param name="Port">The port concerned, if any (for a message event: "out-port -> target.in-port").</param>
/// <param name="Message">The message concerned, if any.</param>
/// <param name="Exception">The failure, for <see cref="NetworkEventKind.ActorFailed"/> and a failed run.</param>
public sealed record NetworkEvent(
    NetworkEventKind Kind,
    DateTimeOffset Timestamp,
    string? NodeId = null,
    string? Port = null,
    Message? Message = null,
    Exception? Exception = null)
{
    /// <summary>The nodes concerned, for <see cref="NetworkEventKind.Deadlock"/> (the cycle, in order).</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>The edge's stable id (<see cref="Networks.EdgeDefinition.Id"/>), for <see cref="NetworkEventKind.MessageSent"/>.</summary>
    public string? EdgeId { get; init; }

    /// <summary>
    /// For <see cref="NetworkEventKind.MessageSent"/>: the message's number on its edge, counted from 1 from the moment
    /// the first message subscriber arrived (with sampling 1 in N, a subscriber sees N, 2N, 3N…). 0 for other events.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>The actor's new state, for the lifecycle events.</summary>
    public ActorState? State { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Timestamp:HH:mm:ss.fff} {Kind}{(NodeId is null ? "" : " " + NodeId)}{(Port is null ? "" : " " + Port)}" +
        $"{(Message is { } m ? " " + m : "")}{(Exception is null ? "" : ": " + Exception.Message)}" +
        $"{(Nodes.Count == 0 ? "" : " [" + string.Join(" -> ", Nodes) + "]")}";
}
