namespace Reflow.Graphs;

/// <summary>Which way an exported port faces, seen from outside the graph.</summary>
public enum PortDirection
{
    /// <summary>An exported in-port: the outside sends into the graph.</summary>
    In,

    /// <summary>An exported out-port: the graph sends to the outside.</summary>
    Out,
}
