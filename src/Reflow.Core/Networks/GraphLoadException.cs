using System.Text;
using Reflow.Graphs;

namespace Reflow.Networks;

/// <summary>
/// A graph cannot become a network: every problem found in it and in its subgraphs, each with its location, before
/// any actor was created.
/// </summary>
/// <remarks>
/// The message lists the errors, one a line, as <see cref="GraphProblem.ToString"/> writes them:
/// <c>Error UnknownPort at inner.fbp (subgraph node 'outer/mid'), connection a.OUT -&gt; b.IN: the component 'test/Scale' of node 'a' has no out-port 'OUT' (its out-ports: out)</c>.
/// <see cref="Problems"/> also holds the warnings.
/// </remarks>
public sealed class GraphLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="graph">The graph, as problems name it (its file, or <c>graph 'name'</c>).</param>
    /// <param name="problems">Every problem, errors first.</param>
    /// <param name="innerException">The builder's exception, when it found problems.</param>
    public GraphLoadException(string graph, IReadOnlyList<GraphProblem> problems, Exception? innerException = null)
        : base(Describe(graph, problems), innerException)
    {
        Graph = graph;
        Problems = problems;
    }

    /// <summary>The graph, as problems name it.</summary>
    public string Graph { get; }

    /// <summary>Every problem, errors first, then warnings and information.</summary>
    public IReadOnlyList<GraphProblem> Problems { get; }

    /// <summary>The errors: what stops the network from being built.</summary>
    public IEnumerable<GraphProblem> Errors => Problems.Where(p => p.Severity == ProblemSeverity.Error);

    private static string Describe(string graph, IReadOnlyList<GraphProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(problems);
        List<GraphProblem> errors = [.. problems.Where(p => p.Severity == ProblemSeverity.Error)];
        var text = new StringBuilder($"{graph} cannot be loaded into a network ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):");
        foreach (GraphProblem error in errors)
        {
            text.AppendLine().Append("- ").Append(error);
        }

        int others = problems.Count - errors.Count;
        if (others > 0)
        {
            text.AppendLine().Append($"(and {others} warning{(others == 1 ? "" : "s")} or note{(others == 1 ? "" : "s")}, in Problems)");
        }

        return text.ToString();
    }
}
