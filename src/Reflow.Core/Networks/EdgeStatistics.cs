namespace Reflow.Networks;

/// <summary>What went over one edge during a run.</summary>
/// <param name="From">Source node id.</param>
/// <param name="FromPort">Source out-port.</param>
/// <param name="To">Target node id.</param>
/// <param name="ToPort">Target in-port.</param>
/// <param name="Messages">Messages the target handled (for an exported out-port: handed to the host).</param>
public sealed record EdgeStatistics(string From, string FromPort, string To, string ToPort, long Messages)
{
    /// <summary>The index of the addressable out-port the edge leaves; -1 for a plain port.</summary>
    public int FromIndex { get; init; } = -1;

    /// <summary>The index of the addressable in-port the edge reaches; -1 for a plain port.</summary>
    public int ToIndex { get; init; } = -1;

    /// <summary>The edge's stable id (see <see cref="EdgeDefinition.Id"/>); for a host edge, the host's side is <c>(host).port</c>.</summary>
    public string Id { get; init; } = "";
}
