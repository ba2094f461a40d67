namespace Reflow.Distributed.Transport;

/// <summary>How a remote edge ended, from one side.</summary>
/// <param name="Sent">Messages the sender put on the wire (on the receiver: the total the sender's End or last frame reported, if known).</param>
/// <param name="Received">Messages the receiver delivered into its network (on the sender: what the receiver's EndAck reported).</param>
/// <param name="Lost">Messages that never reached the receiving network.</param>
/// <param name="Frames">Frames this side published (sender) or accepted (receiver).</param>
/// <param name="Bytes">The bytes of those frames.</param>
/// <param name="ProtocolErrors">Frames refused as malformed (<see cref="RemoteEdgeProtocolException"/>).</param>
/// <param name="AbandonReason">Why the edge was abandoned (its peer died), or <see langword="null"/> when it ended normally.</param>
internal sealed record RemoteEdgeResult(long Sent, long Received, long Lost, long Frames, long Bytes, long ProtocolErrors, string? AbandonReason);
