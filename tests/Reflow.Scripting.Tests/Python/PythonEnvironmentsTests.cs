using System.Collections.Concurrent;
using Reflow.Scripting.Python;

namespace Reflow.Scripting.Tests.Python;

/// <summary>Cached venvs, for real: python -m venv, pip from a local wheel folder, the lock, the marker.</summary>
public sealed class PythonEnvironmentsTests
{
    private static PythonInterpreter Python3 => PythonInterpreter.Resolve("python3");

    private static string RunPython(PythonInterpreter interpreter, string code)
    {
        PythonCommandResult result = PythonCommandRunner.Run(
            new PythonCommand(interpreter.Executable, ["-c", code], new Dictionary<string, string?>(), false, "/"), null, null, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Tail()}");
        return result.Output.Trim();
    }

    [Fact]
    public void A_requirement_is_installed_from_a_wheel_folder_and_the_second_call_is_a_cache_hit()
    {
        using var directory = new PythonTestDirectory();
        string wheels = directory.Combine("wheels");
        TestWheel.Build(wheels, "reflowtestpkg", "1.0", 42);
        var environments = new PythonEnvironments(directory.Combine("cache"));
        var spec = new PythonEnvironmentSpec(["reflowtestpkg==1.0"], null, wheels, SystemSitePackages: false);
        var progress = new ConcurrentQueue<string>();

        PythonEnvironment first = environments.Ensure(Python3, spec, new SynchronousProgress(progress.Enqueue));

        Assert.True(first.Created);
        Assert.Equal(environments.DirectoryOf(Python3, spec), first.Directory);
        Assert.StartsWith(directory.Combine("cache", "venvs") + "/", first.Directory, StringComparison.Ordinal);
        Assert.True(first.Interpreter.IsVirtualEnvironment);
        Assert.Equal(first.Directory, first.Interpreter.Prefix);
        Assert.Equal("42", RunPython(first.Interpreter, "import reflowtestpkg; print(reflowtestpkg.VALUE)"));
        Assert.Contains(progress, l => l.StartsWith("python: creating the environment ", StringComparison.Ordinal));
        Assert.Contains(progress, l => l.StartsWith("python: pip install reflowtestpkg==1.0 from the wheels in ", StringComparison.Ordinal));
        Assert.Contains(progress, l => l.Contains("Successfully installed reflowtestpkg-1.0", StringComparison.Ordinal));
        string marker = Path.Combine(first.Directory!, PythonEnvironments.CompleteMarker);
        DateTime made = File.GetLastWriteTimeUtc(marker);

        progress.Clear();
        PythonEnvironment second = environments.Ensure(Python3, spec, new SynchronousProgress(progress.Enqueue));

        Assert.False(second.Created);
        Assert.Equal(first.Directory, second.Directory);
        Assert.Same(first.Interpreter, second.Interpreter);
        Assert.Empty(progress); // no venv, no pip
        Assert.Equal(made, File.GetLastWriteTimeUtc(marker));
    }

    [Fact]
    public void System_site_packages_on_debians_python_imports_numpy()
    {
        using var directory = new PythonTestDirectory();
        var environments = new PythonEnvironments(directory.Combine("cache"));

        PythonEnvironment environment = environments.Ensure(PythonInterpreter.Resolve("/usr/bin/python3"), new PythonEnvironmentSpec([], null, null, SystemSitePackages: true));

        Assert.True(environment.Created);
        Assert.True(environment.Interpreter.IsVirtualEnvironment);
        Assert.Equal("/usr", environment.Interpreter.BasePrefix);
        Assert.Equal("6.0", RunPython(environment.Interpreter, "import numpy; print(numpy.arange(4).sum() * 1.0)"));
    }

    [Fact]
    public void An_unknown_requirement_fails_naming_it_with_pips_last_lines_and_leaves_nothing_behind()
    {
        using var directory = new PythonTestDirectory();
        string wheels = directory.Combine("wheels");
        TestWheel.Build(wheels, "reflowtestpkg", "1.0", 1);
        var environments = new PythonEnvironments(directory.Combine("cache"));
        var spec = new PythonEnvironmentSpec(["reflow-no-such-package==9.9"], null, wheels, SystemSitePackages: false);

        var e = Assert.Throws<ScriptException>(() => environments.Ensure(Python3, spec));

        Assert.StartsWith("pip could not install the requirement 'reflow-no-such-package==9.9' into the Python environment ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"installing only from the wheels in {wheels}", e.Message, StringComparison.Ordinal);
        Assert.Contains("pip's last lines:", e.Message, StringComparison.Ordinal);
        Assert.Contains("No matching distribution found for reflow-no-such-package==9.9", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(environments.DirectoryOf(Python3, spec)));
    }

    [Fact]
    public async Task Two_concurrent_creations_of_the_same_environment_make_it_once()
    {
        using var directory = new PythonTestDirectory();
        string root = directory.Combine("cache");
        var spec = new PythonEnvironmentSpec([], null, null, SystemSitePackages: true);
        using var start = new Barrier(2);
        var waited = new ConcurrentQueue<string>();

        // Two caches over one root, as two processes would have: only the lock file is shared.
        PythonEnvironment Create() => new PythonEnvironments(root).Ensure(Python3, spec, new SynchronousProgress(l =>
        {
            if (l.StartsWith("python: waiting for another process", StringComparison.Ordinal))
            {
                waited.Enqueue(l);
            }
        }));

        Task<PythonEnvironment>[] creations = [.. Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            return Create();
        }))];
        PythonEnvironment[] made = await Task.WhenAll(creations).WaitAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(1, made.Count(m => m.Created));
        Assert.All(waited, l => Assert.Contains(made[0].Directory!, l, StringComparison.Ordinal)); // one usually waits on the lock (unless it came late enough to find it made)
        Assert.Equal(made[0].Directory, made[1].Directory);
        Assert.Equal("ok", RunPython(made[1].Interpreter, "import sys; print('ok' if sys.prefix != sys.base_prefix else sys.prefix)"));
        Assert.True(File.Exists(Path.Combine(made[0].Directory!, PythonEnvironments.CompleteMarker)));
    }

    [Fact]
    public async Task A_creation_waits_for_the_lock_another_holds_and_gives_up_after_the_lock_timeout()
    {
        using var directory = new PythonTestDirectory();
        var spec = new PythonEnvironmentSpec([], null, null, SystemSitePackages: true);
        var environments = new PythonEnvironments(directory.Combine("cache"));
        string venv = environments.DirectoryOf(Python3, spec);
        Directory.CreateDirectory(Path.GetDirectoryName(venv)!);
        using var waiting = new SemaphoreSlim(0);
        Task<PythonEnvironment> creation;

        // Another process making the environment holds its lock file.
        using (new FileStream(venv + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var impatient = new PythonEnvironments(directory.Combine("cache")) { LockTimeout = TimeSpan.FromMilliseconds(500) };
            var e = Assert.Throws<ScriptException>(() => impatient.Ensure(Python3, spec));
            Assert.StartsWith($"the Python environment {venv} was still being made by another process after ", e.Message, StringComparison.Ordinal);

            creation = Task.Run(() => environments.Ensure(Python3, spec, new SynchronousProgress(l =>
            {
                if (l.StartsWith("python: waiting for another process making the environment ", StringComparison.Ordinal))
                {
                    waiting.Release();
                }
            })));
            Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.False(creation.IsCompleted);
            Assert.False(Directory.Exists(venv));
        }

        PythonEnvironment made = await creation.WaitAsync(TimeSpan.FromMinutes(5));

        Assert.True(made.Created);
        Assert.Equal(venv, made.Directory);
    }

    [Fact]
    public void A_half_made_environment_is_made_again()
    {
        using var directory = new PythonTestDirectory();
        var environments = new PythonEnvironments(directory.Combine("cache"));
        var spec = new PythonEnvironmentSpec([], null, null, SystemSitePackages: true);
        string venv = environments.DirectoryOf(Python3, spec);
        Directory.CreateDirectory(Path.Combine(venv, "bin"));
        File.WriteAllText(Path.Combine(venv, "bin", "python"), "not an interpreter"); // interrupted: no .complete marker
        var progress = new ConcurrentQueue<string>();

        PythonEnvironment environment = environments.Ensure(Python3, spec, new SynchronousProgress(progress.Enqueue));

        Assert.True(environment.Created);
        Assert.Contains(progress, l => l.StartsWith("python: removing the incomplete environment", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(venv, PythonEnvironments.CompleteMarker)));
        Assert.Equal(venv, RunPython(environment.Interpreter, "import sys; print(sys.prefix)"));
    }

    [Fact]
    public void Nothing_asked_for_is_the_interpreter_itself()
    {
        using var directory = new PythonTestDirectory();

        PythonEnvironment environment = new PythonEnvironments(directory.Combine("cache")).Ensure(Python3, PythonEnvironmentSpec.None);

        Assert.Same(Python3, environment.Interpreter);
        Assert.Null(environment.Directory);
        Assert.False(Directory.Exists(directory.Combine("cache")));
    }

    [Fact]
    public void The_key_ignores_requirement_order_and_counts_the_flag_the_interpreter_and_a_files_lines()
    {
        using var directory = new PythonTestDirectory();
        string file = directory.Write("requirements.txt", "# pinned\nb==2\n\na==1\n");
        string key = PythonEnvironments.Key(Python3, new PythonEnvironmentSpec(["a==1", "b==2"], null, null, false));

        Assert.Matches("^[0-9a-f]{16}$", key);
        Assert.Equal(key, PythonEnvironments.Key(Python3, new PythonEnvironmentSpec(["b==2", " a==1"], null, null, false)));
        Assert.Equal(key, PythonEnvironments.Key(Python3, new PythonEnvironmentSpec([], file, null, false)));
        Assert.NotEqual(key, PythonEnvironments.Key(Python3, new PythonEnvironmentSpec(["a==1", "b==2"], null, null, true)));
        Assert.NotEqual(key, PythonEnvironments.Key(PythonInterpreter.Resolve("/usr/bin/python3"), new PythonEnvironmentSpec(["a==1", "b==2"], null, null, false)));
        // shared_environment = false: each node its own environment, the same one again for the same node
        string own = PythonEnvironments.Key(Python3, new PythonEnvironmentSpec(["a==1", "b==2"], null, null, false) { Owner = "/g/score.py#score" });
        Assert.NotEqual(key, own);
        Assert.NotEqual(own, PythonEnvironments.Key(Python3, new PythonEnvironmentSpec(["a==1", "b==2"], null, null, false) { Owner = "/g/score.py#other" }));
        Assert.Equal(own, PythonEnvironments.Key(Python3, new PythonEnvironmentSpec(["b==2", "a==1"], null, null, false) { Owner = "/g/score.py#score" }));
    }

    [Fact]
    public void The_default_root_follows_xdg_cache_home()
    {
        string? saved = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/srv/cache");
            Assert.Equal("/srv/cache/reflow/python", PythonEnvironments.DefaultRoot());
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", null);
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "reflow", "python"), PythonEnvironments.DefaultRoot());
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", saved);
        }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, after the call may have returned).</summary>
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
