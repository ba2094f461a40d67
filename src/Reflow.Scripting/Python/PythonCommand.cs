namespace Reflow.Scripting.Python;

/// <summary>
/// How to start a worker (or a describe run): the program, its arguments (never through a shell), its environment and
/// working directory. The sandbox wraps one command into another (bubblewrap's own arguments around it).
/// </summary>
/// <param name="FileName">The program: the interpreter's real executable, or <c>bwrap</c>.</param>
/// <param name="Arguments">Its arguments, each passed as is.</param>
/// <param name="Environment">Variables to set (a null value removes one).</param>
/// <param name="ClearEnvironment">Whether the worker starts from an empty environment rather than the host's.</param>
/// <param name="WorkingDirectory">Where it starts.</param>
internal sealed record PythonCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    bool ClearEnvironment,
    string WorkingDirectory)
{
    /// <summary>
    /// Directories that belong to the worker alone (the sandbox's private <c>/tmp</c>): the runner lets a script read
    /// and write there without a grant, since nothing of the host is in them.
    /// </summary>
    public IReadOnlyList<string> PrivateDirectories { get; init; } = [];

    /// <summary>The command as one line, for errors (arguments with spaces quoted).</summary>
    public override string ToString() =>
        string.Join(' ', new[] { FileName }.Concat(Arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? "'" + a + "'" : a));
}
