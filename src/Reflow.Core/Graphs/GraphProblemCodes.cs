namespace Reflow.Graphs;

/// <summary>The codes of <see cref="GraphProblem"/>s.</summary>
public static class GraphProblemCodes
{
    /// <summary>A node's component is not in the catalog (error).</summary>
    public const string UnknownComponent = nameof(UnknownComponent);

    /// <summary>A connection, IIP or exported port names a port the component does not have (error).</summary>
    public const string UnknownPort = nameof(UnknownPort);

    /// <summary>A connection, IIP or exported port names an index (<c>OUT[2]</c>) of a port that is not addressable, or past its maximum (error).</summary>
    public const string InvalidPortIndex = nameof(InvalidPortIndex);

    /// <summary>A connection joins ports whose types cannot connect, or an IIP's value does not fit its port (error).</summary>
    public const string TypeMismatch = nameof(TypeMismatch);

    /// <summary>A reference to a node or exported port that does not exist (error).</summary>
    public const string DanglingReference = nameof(DanglingReference);

    /// <summary>A graph file repeated a node id, exported port or group; the first was kept (warning). A repeated connection is kept twice, not reported.</summary>
    public const string DuplicateId = nameof(DuplicateId);

    /// <summary>A graph with no nodes: nothing would run (error).</summary>
    public const string EmptyGraph = nameof(EmptyGraph);

    /// <summary>A node with no connections and no exported port (warning).</summary>
    public const string OrphanNode = nameof(OrphanNode);

    /// <summary>A node no packet can reach: nothing upstream of it is a source, has an IIP or is exported (warning).</summary>
    public const string UnreachableNode = nameof(UnreachableNode);

    /// <summary>A required in-port with no connection, IIP, export or default (warning).</summary>
    public const string UnconnectedRequiredPort = nameof(UnconnectedRequiredPort);

    /// <summary>A cycle (info: cycles are legal at run time, but bounded edges in a cycle can deadlock).</summary>
    public const string Cycle = nameof(Cycle);
}
