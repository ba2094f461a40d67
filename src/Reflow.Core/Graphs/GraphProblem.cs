namespace Reflow.Graphs;

/// <summary>One thing wrong with (or worth knowing about) a graph, as validation or a reader reports it.</summary>
/// <param name="Severity">How bad it is.</param>
/// <param name="Code">A stable identifier (one of <see cref="GraphProblemCodes"/>), for tools and tests.</param>
/// <param name="Location">Where: <c>node 'a'</c>, <c>connection a.OUT -&gt; b.IN</c>, a file position, …</param>
/// <param name="Message">What is wrong and what was expected, in English.</param>
public sealed record GraphProblem(ProblemSeverity Severity, string Code, string Location, string Message)
{
    /// <summary>One line: <c>Error UnknownComponent at node 'a': …</c>.</summary>
    public override string ToString() => $"{Severity} {Code} at {Location}: {Message}";
}
