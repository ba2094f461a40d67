namespace Reflow.Graphs;

/// <summary>How bad a <see cref="GraphProblem"/> is.</summary>
public enum ProblemSeverity
{
    /// <summary>Worth knowing, legal (a cycle, for example).</summary>
    Info,

    /// <summary>Probably a mistake, but a network can still be built (an orphan node, an unconnected required port).</summary>
    Warning,

    /// <summary>A network cannot be built from the graph as it is.</summary>
    Error,
}
