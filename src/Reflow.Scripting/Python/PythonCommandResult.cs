namespace Reflow.Scripting.Python;

/// <summary>How a <see cref="PythonCommand"/> run by <see cref="PythonCommandRunner"/> ended.</summary>
/// <param name="ExitCode">Its exit code (128 + n, or -n, for a signal, as .NET reports it).</param>
/// <param name="Output">All it wrote to stdout.</param>
/// <param name="OutputTail">The last lines of stdout.</param>
/// <param name="ErrorTail">The last lines of stderr.</param>
internal sealed record PythonCommandResult(int ExitCode, string Output, IReadOnlyList<string> OutputTail, IReadOnlyList<string> ErrorTail)
{
    /// <summary>The last lines of stderr and stdout, for an error message.</summary>
    public string Tail(int lines = 12)
    {
        IEnumerable<string> all = ErrorTail.Count > 0 ? ErrorTail.Concat(OutputTail.TakeLast(4)) : OutputTail;
        return string.Join('\n', all.TakeLast(lines));
    }
}
