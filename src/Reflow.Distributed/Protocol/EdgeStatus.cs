namespace Reflow.Distributed.Protocol;

/// <summary>
/// One end of a remote edge as its part sees it: messages sent (or received); for a sender, how many the receiver
/// confirmed (credit, or its EndAck); lost, frames, bytes; whether it ended.
/// </summary>
internal sealed record EdgeStatus(int Id, bool Send, long Messages, long Confirmed, long Lost, long Frames, long Bytes, bool Done, string? Problem = null);
