namespace Reflow.Distributed.Protocol;

/// <summary>
/// A coordinator's request to a node about one run: <c>prepare</c> (build the part network from <see cref="Graph"/>,
/// subscribe its receiving edges), <c>start</c>, <c>stop</c> (<see cref="Drain"/>), <c>abandon</c> (the other end of
/// <see cref="EdgeIds"/> is gone), <c>status</c>, <c>release</c> (the coordinator has the result; forget the run).
/// A part is named by the cluster node it was placed on; after a restart elsewhere it keeps that name.
/// </summary>
internal sealed record ControlRequest(string Kind, string RunId, string Part)
{
    public const string Prepare = "prepare";
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Abandon = "abandon";
    public const string Status = "status";
    public const string Release = "release";

    /// <summary>Which start of the part this is: 0 first, then one more at each restart on another node after its node died.</summary>
    public int Incarnation { get; init; }

    /// <summary>The part graph, as Reflow graph JSON (components are named; only the scripts of <see cref="Scripts"/> travel).</summary>
    public string? Graph { get; init; }

    /// <summary>Where the graph file lives on the coordinator's machine: subgraph and script paths are relative to it.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>
    /// For <c>prepare</c>: the script files the deployment ships to this part (<c>[scripts]</c>), or null. A node takes
    /// them only when it accepts scripts; components that name them resolve to the node's private copies.
    /// </summary>
    public IReadOnlyList<ShippedScript>? Scripts { get; init; }

    /// <summary>The part's remote edges.</summary>
    public IReadOnlyList<EdgeAssignment>? Edges { get; init; }

    /// <summary>For <c>stop</c>: drain what was accepted first.</summary>
    public bool Drain { get; init; }

    /// <summary>For <c>abandon</c>: the edges whose other end is gone.</summary>
    public IReadOnlyList<int>? EdgeIds { get; init; }

    /// <summary>For <c>abandon</c> and <c>stop</c>: why, for the node's log and the edges' results.</summary>
    public string? Reason { get; init; }
}
