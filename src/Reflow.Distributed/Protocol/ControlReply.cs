namespace Reflow.Distributed.Protocol;

/// <summary>A node's answer to a <see cref="ControlRequest"/>: done, or why not; with the part's status when asked.</summary>
internal sealed record ControlReply(bool Ok, string? Error = null, PartStatus? Status = null);
