namespace Reflow.Scripting.Python;

/// <summary>Where a node's Python runs: a cached venv, or the configured interpreter itself.</summary>
/// <param name="Interpreter">The interpreter to start (the venv's <c>bin/python</c> in a venv).</param>
/// <param name="Directory">The venv's directory, or null without one.</param>
/// <param name="Created">Whether this call made the venv (false: it was already there, or there is none).</param>
internal sealed record PythonEnvironment(PythonInterpreter Interpreter, string? Directory, bool Created);
