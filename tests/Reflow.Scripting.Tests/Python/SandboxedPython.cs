using Reflow.Permissions;
using Reflow.Scripting.Python;

namespace Reflow.Scripting.Tests.Python;

/// <summary>Runs a line of Python under the real bubblewrap sandbox with a grant, as a worker would run.</summary>
internal static class SandboxedPython
{
    public static PythonSandbox Sandbox => PythonSandbox.Find() ?? throw new InvalidOperationException(
        "bwrap was not found: the test build installs bubblewrap (tests/Reflow.Scripting.Tests/python-deps.sh)");

    public static PythonCommand Command(string code, string scriptDirectory) =>
        new(PythonInterpreter.Resolve("python3").Executable, ["-I", "-c", code], new Dictionary<string, string?>(), false, scriptDirectory);

    public static PythonCommand Wrap(PermissionSet grant, string code, string scriptDirectory, string runnerDirectory) =>
        Sandbox.Wrap(Command(code, scriptDirectory), PythonInterpreter.Resolve("python3"), grant, runnerDirectory, venv: null, scriptDirectory);

    /// <summary>Runs <paramref name="code"/> sandboxed; returns its stdout, trimmed. Fails the test when it exits non-zero.</summary>
    public static string Run(PermissionSet grant, string code, string scriptDirectory, string? runnerDirectory = null)
    {
        PythonCommandResult result = PythonCommandRunner.Run(Wrap(grant, code, scriptDirectory, runnerDirectory ?? scriptDirectory), null, null, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Tail()}");
        return result.Output.Trim();
    }

    /// <summary>Python that opens <c>path</c> with <c>mode</c> and prints "ok" or the exception's type name.</summary>
    public static string TryOpen(string path, string mode, string? write = null) =>
        "import sys\n" +
        $"try:\n    f = open({Quote(path)}, {Quote(mode)})\n" +
        (write is null ? "    f.read()\n" : $"    f.write({Quote(write)})\n") +
        "    f.close()\n    print('ok')\n" +
        "except OSError as e:\n    print(type(e).__name__)\n";

    public static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
