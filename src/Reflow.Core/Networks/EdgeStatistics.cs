namespace Reflow.Networks;

/// <summary>What went over one edge during a run.</summary>
/// <param name="From">Source node id.</param>
/// <param name="FromPort">Source out-port.</param>
/// <param name="To">Target node id.</param>
/// <param name="ToPort">Target in-port.</param>
/// <param name="Messages">Messages the target handled (for an exported out-port: handed to the host).</param>
public sealed record EdgeStatistics(string From, string FromPort, string To, string ToPort, long Messages);
