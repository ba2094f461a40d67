namespace Reflow.Networks;

/// <summary>One edge in a <see cref="NetworkSnapshot"/>.</summary>
/// <param name="Id">The edge's stable id (<see cref="EdgeDefinition.Id"/>).</param>
/// <param name="Messages">Messages the target has handled so far (as <see cref="EdgeStatistics.Messages"/>).</param>
/// <param name="Queued">Messages sent on the edge and not yet handled: its queue depth, at most its capacity (for an elastic edge, more).</param>
public readonly record struct EdgeSnapshot(string Id, long Messages, int Queued);
