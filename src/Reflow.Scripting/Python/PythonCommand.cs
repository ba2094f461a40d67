namespace Reflow.Scripting.Python;

/// <summary>A program to start: what a Python worker, a probe or pip runs, possibly wrapped by the sandbox.</summary>
/// <param name="FileName">The program: a path, or a name found on the PATH.</param>
/// <param name="Arguments">Its arguments, each passed as one argument (no shell).</param>
/// <param name="Environment">Variables to set (a null value removes one) on top of the inherited environment, or of an empty one.</param>
/// <param name="ClearEnvironment">Whether the program starts from an empty environment instead of the host's.</param>
/// <param name="WorkingDirectory">The directory it starts in.</param>
internal sealed record PythonCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    bool ClearEnvironment,
    string WorkingDirectory);
