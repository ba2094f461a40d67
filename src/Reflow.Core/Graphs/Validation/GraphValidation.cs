namespace Reflow.Graphs.Validation;

/// <summary>Everything <see cref="GraphValidator.Validate"/> found, errors first, each group in graph order.</summary>
/// <param name="Problems">Every problem.</param>
public sealed record GraphValidation(IReadOnlyList<GraphProblem> Problems)
{
    /// <summary>Whether a network can be built: no <see cref="ProblemSeverity.Error"/>.</summary>
    public bool IsValid => !Problems.Any(p => p.Severity == ProblemSeverity.Error);

    /// <summary>The errors only.</summary>
    public IEnumerable<GraphProblem> Errors => Problems.Where(p => p.Severity == ProblemSeverity.Error);

    /// <summary>One problem per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Problems);
}
