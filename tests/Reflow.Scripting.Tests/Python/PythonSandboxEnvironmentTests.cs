using Reflow.Permissions;
using Reflow.Scripting.Python;

namespace Reflow.Scripting.Tests.Python;

/// <summary>A venv's interpreter and packages work under the sandbox with nothing granted: what the worker needs is bound.</summary>
public sealed class PythonSandboxEnvironmentTests
{
    private static string RunSandboxed(PythonEnvironment environment, string code, string directory)
    {
        var inner = new PythonCommand(environment.Interpreter.Executable, ["-I", "-c", code], new Dictionary<string, string?>(), false, directory);
        PythonCommand command = SandboxedPython.Sandbox.Wrap(inner, environment.Interpreter, PermissionSet.None, directory, environment.Directory, directory);
        PythonCommandResult result = PythonCommandRunner.Run(command, null, null, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Tail()}");
        return result.Output.Trim();
    }

    [Fact]
    public void A_package_installed_into_a_venv_imports_under_the_sandbox()
    {
        using var directory = new PythonTestDirectory();
        string wheels = directory.Combine("wheels");
        TestWheel.Build(wheels, "reflowtestpkg", "1.0", 7);
        PythonEnvironment environment = new PythonEnvironments(directory.Combine("cache"))
            .Ensure(PythonInterpreter.Resolve("python3"), new PythonEnvironmentSpec(["reflowtestpkg"], null, wheels, false));

        Assert.Equal("7", RunSandboxed(environment, "import reflowtestpkg; print(reflowtestpkg.VALUE)", directory.Path));
    }

    [Fact]
    public void Numpy_from_the_system_site_packages_imports_under_the_sandbox()
    {
        using var directory = new PythonTestDirectory();
        PythonEnvironment environment = new PythonEnvironments(directory.Combine("cache"))
            .Ensure(PythonInterpreter.Resolve("/usr/bin/python3"), new PythonEnvironmentSpec([], null, null, SystemSitePackages: true));

        Assert.Equal("[2. 4.]", RunSandboxed(environment, "import numpy; print(numpy.array([1.0, 2.0]) @ numpy.eye(2) * 2)", directory.Path));
    }
}
