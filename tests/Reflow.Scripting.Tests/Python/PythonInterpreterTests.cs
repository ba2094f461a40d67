using Reflow.Scripting.Python;

namespace Reflow.Scripting.Tests.Python;

public sealed class PythonInterpreterTests
{
    [Fact]
    public void The_python3_command_resolves_to_the_real_interpreter_behind_a_shim_and_is_asked_once()
    {
        PythonInterpreter interpreter = PythonInterpreter.Resolve("python3");

        Assert.Equal(3, interpreter.Version.Major);
        Assert.True(File.Exists(interpreter.Executable), interpreter.Executable);
        Assert.DoesNotContain("/shims/", interpreter.Executable, StringComparison.Ordinal); // pyenv's bash shim is not the interpreter
        Assert.StartsWith(interpreter.Prefix, interpreter.Executable, StringComparison.Ordinal);
        Assert.NotNull(interpreter.StandardLibrary);
        Assert.True(File.Exists(Path.Combine(interpreter.StandardLibrary!, "os.py")));
        Assert.Same(interpreter, PythonInterpreter.Resolve("python3"));
        Assert.Same(interpreter, PythonInterpreter.Resolve(null)); // the default is python3 on the PATH
    }

    [Fact]
    public void Debians_interpreter_lists_its_dist_packages()
    {
        PythonInterpreter interpreter = PythonInterpreter.Resolve("/usr/bin/python3");

        Assert.Equal("/usr", interpreter.BasePrefix);
        Assert.False(interpreter.IsVirtualEnvironment);
        Assert.Contains("/usr/lib/python3/dist-packages", interpreter.SiteDirectories);
    }

    [Fact]
    public void A_command_missing_from_the_path_says_what_to_install_or_set()
    {
        var e = Assert.Throws<ScriptException>(() => PythonInterpreter.Resolve("reflow-no-such-python3"));

        Assert.Equal("no Python interpreter 'reflow-no-such-python3' on PATH; install reflow-no-such-python3 or set [runtimes.python] interpreter", e.Message);
    }

    [Fact]
    public void A_missing_path_is_named()
    {
        var e = Assert.Throws<ScriptException>(() => PythonInterpreter.Resolve("/nonexistent/bin/python3"));

        Assert.Equal(
            "The Python interpreter '/nonexistent/bin/python3' cannot be started: there is no file at '/nonexistent/bin/python3'; " +
            "install Python 3 there or set the interpreter (the node setting or [runtimes.python] interpreter) to its path.", e.Message);
    }

    [Fact]
    public void A_program_that_is_not_python_is_refused_with_what_it_answered()
    {
        var failing = Assert.Throws<ScriptException>(() => PythonInterpreter.Resolve("/bin/false"));
        var echoing = Assert.Throws<ScriptException>(() => PythonInterpreter.Resolve("/bin/echo"));

        Assert.Contains("failed with exit code 1", failing.Message, StringComparison.Ordinal);
        Assert.Contains("does not answer as a Python 3 interpreter", echoing.Message, StringComparison.Ordinal);
        Assert.Contains("-I -c import json", echoing.Message, StringComparison.Ordinal);
    }
}
