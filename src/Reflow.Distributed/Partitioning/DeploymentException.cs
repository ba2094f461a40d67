namespace Reflow.Distributed.Partitioning;

/// <summary>
/// A deployment file that cannot be read, or a placement that cannot be carried out: every problem, each as
/// <c>file:line: what is wrong and what was expected</c> (without the place when there is none, as for a graph
/// node placed by its own metadata).
/// </summary>
public sealed class DeploymentException : Exception
{
    /// <summary>Creates the exception for one or more problems.</summary>
    /// <param name="problems">The problems, in file order; at least one.</param>
    public DeploymentException(IReadOnlyList<string> problems)
        : base(Join(problems)) => Problems = problems;

    /// <summary>Creates the exception for one problem.</summary>
    public DeploymentException(string problem)
        : this([problem])
    {
    }

    /// <summary>Creates the exception for one problem caused by <paramref name="innerException"/>.</summary>
    public DeploymentException(string problem, Exception innerException)
        : base(problem, innerException) => Problems = [problem];

    /// <summary>Creates the exception with a default message.</summary>
    public DeploymentException()
        : this("The deployment is not valid.")
    {
    }

    /// <summary>Every problem, each a complete sentence that names its place.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Join(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count switch
        {
            0 => "The deployment is not valid.",
            1 => problems[0],
            _ => $"{problems.Count} problems:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => "- " + p)),
        };
    }
}
