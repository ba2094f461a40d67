namespace Reflow.Networks;

/// <summary>A network cannot be built: every problem found, each naming the node, port or edge it is about.</summary>
public sealed class NetworkValidationException : Exception
{
    /// <summary>Creates the exception with every problem.</summary>
    public NetworkValidationException(IReadOnlyList<string> problems)
        : base($"The network is invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):{Environment.NewLine}- {string.Join(Environment.NewLine + "- ", problems)}")
    {
        Problems = problems;
    }

    /// <summary>Every problem, in the order the builder's calls were made.</summary>
    public IReadOnlyList<string> Problems { get; }
}
