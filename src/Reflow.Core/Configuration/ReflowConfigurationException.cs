namespace Reflow.Configuration;

/// <summary>
/// The configuration has problems: unknown keys or sections, values of the wrong type or out of range, TOML syntax
/// errors, a missing file. Every problem of every source is listed, each naming its place (file and line,
/// environment variable, or <c>--set</c> argument) and the key.
/// </summary>
public sealed class ReflowConfigurationException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public ReflowConfigurationException()
        : base("The configuration is not valid.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public ReflowConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    public ReflowConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception listing <paramref name="problems"/>.</summary>
    public ReflowConfigurationException(IReadOnlyList<ConfigurationProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in the order of the sources (file, environment, overrides).</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; } = [];

    private static string Describe(IReadOnlyList<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? $"Invalid configuration: {problems[0]}"
            : $"Invalid configuration ({problems.Count} problems):{Environment.NewLine}"
              + string.Join(Environment.NewLine, problems.Select(p => "  " + p));
    }
}
