using System.Collections.Concurrent;
using System.Text.Json;

namespace Reflow.Scripting.Python;

/// <summary>
/// A Python interpreter as it describes itself: the real executable behind a configured path or command (a pyenv shim
/// is a bash script, so the interpreter is asked rather than the file read), its prefixes, version and library
/// directories. <see cref="Resolve"/> asks once per configured name and caches the answer.
/// </summary>
internal sealed class PythonInterpreter
{
    /// <summary>The interpreter used when none is configured: <c>python3</c> on the PATH.</summary>
    public const string Default = "python3";

    // -I: no user site, no PYTHON* variables, as the workers run; the answer is what they will see.
    private const string ProbeScript =
        "import json, site, sys, sysconfig\n" +
        "paths = sysconfig.get_paths()\n" +
        "print(json.dumps({'executable': sys.executable, 'prefix': sys.prefix, 'base_prefix': sys.base_prefix,\n" +
        "    'version': list(sys.version_info[:3]), 'stdlib': paths.get('stdlib'), 'platstdlib': paths.get('platstdlib'),\n" +
        "    'site': [p for p in sys.path if p.endswith(('site-packages', 'dist-packages'))]}))\n";

    private static readonly ConcurrentDictionary<string, Lazy<PythonInterpreter>> Cache = new(StringComparer.Ordinal);

    private PythonInterpreter(string configured, string executable, string prefix, string basePrefix, Version version,
        string? standardLibrary, string? platformLibrary, IReadOnlyList<string> siteDirectories)
    {
        Configured = configured;
        Executable = executable;
        Prefix = prefix;
        BasePrefix = basePrefix;
        Version = version;
        StandardLibrary = standardLibrary;
        PlatformLibrary = platformLibrary;
        SiteDirectories = siteDirectories;
    }

    /// <summary>The path or command as configured (<c>python3</c>, <c>/usr/bin/python3</c>).</summary>
    public string Configured { get; }

    /// <summary><c>sys.executable</c>: the interpreter itself (in a venv, the venv's <c>bin/python</c>).</summary>
    public string Executable { get; }

    /// <summary><c>sys.prefix</c> (the venv's directory in a venv).</summary>
    public string Prefix { get; }

    /// <summary><c>sys.base_prefix</c>: the installation a venv was made from (the same as <see cref="Prefix"/> outside one).</summary>
    public string BasePrefix { get; }

    /// <summary><c>sys.version_info</c>: major, minor, micro.</summary>
    public Version Version { get; }

    /// <summary>The standard library's directory (sysconfig <c>stdlib</c>).</summary>
    public string? StandardLibrary { get; }

    /// <summary>The platform-specific standard library's directory (sysconfig <c>platstdlib</c>).</summary>
    public string? PlatformLibrary { get; }

    /// <summary>The site-packages and dist-packages directories on its <c>sys.path</c>.</summary>
    public IReadOnlyList<string> SiteDirectories { get; }

    /// <summary>Whether this interpreter runs inside a virtual environment.</summary>
    public bool IsVirtualEnvironment => !string.Equals(Prefix, BasePrefix, StringComparison.Ordinal);

    /// <summary>
    /// The interpreter <paramref name="configured"/> names (a path, or a command found on the PATH; null or empty for
    /// <c>python3</c>), asked once for what it is; later calls with the same text return the same answer.
    /// </summary>
    /// <exception cref="ScriptException">It is not found, does not start, or is not a Python 3 interpreter; the message says which and what to do.</exception>
    public static PythonInterpreter Resolve(string? configured)
    {
        string name = string.IsNullOrWhiteSpace(configured) ? Default : configured.Trim();
        if (name.Contains('/', StringComparison.Ordinal))
        {
            name = Path.GetFullPath(name); // a relative path is cached by what it names now, not by its text
        }

        Lazy<PythonInterpreter> entry = Cache.GetOrAdd(name, n => new Lazy<PythonInterpreter>(() => Probe(n)));
        try
        {
            return entry.Value;
        }
        catch (ScriptException)
        {
            // A failure is not cached: installing the interpreter and retrying must work without a restart.
            Cache.TryRemove(new KeyValuePair<string, Lazy<PythonInterpreter>>(name, entry));
            throw;
        }
    }

    private static PythonInterpreter Probe(string name)
    {
        string program = Locate(name);
        PythonCommandResult result;
        try
        {
            var command = new PythonCommand(program, ["-I", "-c", ProbeScript], new Dictionary<string, string?>(), false,
                Directory.GetCurrentDirectory());
            result = PythonCommandRunner.Run(command, null, null, TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            throw new ScriptException($"the Python interpreter '{name}' ({program}) could not be run: {e.Message}; check [runtimes.python] interpreter.");
        }

        if (result.ExitCode != 0)
        {
            throw new ScriptException(
                $"the Python interpreter '{name}' ({program}) failed with exit code {result.ExitCode} when asked what it is; " +
                $"check [runtimes.python] interpreter. Its output:\n{result.Tail()}");
        }

        string line = result.OutputTail.LastOrDefault(l => l.StartsWith('{')) ?? "";
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            JsonElement version = root.GetProperty("version");
            int major = version[0].GetInt32();
            if (major < 3)
            {
                throw new ScriptException($"'{name}' ({program}) is Python {major}, not Python 3; set [runtimes.python] interpreter to a Python 3 interpreter.");
            }

            string executable = root.GetProperty("executable").GetString() is { Length: > 0 } e ? e : program;
            return new PythonInterpreter(name, executable, root.GetProperty("prefix").GetString()!, root.GetProperty("base_prefix").GetString()!,
                new Version(major, version[1].GetInt32(), version[2].GetInt32()), root.GetProperty("stdlib").GetString(),
                root.GetProperty("platstdlib").GetString(), [.. root.GetProperty("site").EnumerateArray().Select(s => s.GetString()!)]);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new ScriptException(
                $"'{name}' ({program}) does not answer as a Python 3 interpreter does (expected one JSON line describing sys, got '{Shorten(result.Output)}'); " +
                "set [runtimes.python] interpreter to a Python 3 interpreter.");
        }
    }

    /// <summary>The program to start for <paramref name="name"/>: the path as given, or the first match on the PATH.</summary>
    private static string Locate(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            string path = Path.GetFullPath(name);
            return File.Exists(path)
                ? path
                : throw new ScriptException(
                    $"The Python interpreter '{name}' cannot be started: there is no file at '{path}'; install Python 3 there or set the interpreter (the node setting or [runtimes.python] interpreter) to its path.");
        }

        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new ScriptException($"no Python interpreter '{name}' on PATH; install {name} or set [runtimes.python] interpreter");
    }

    private static string Shorten(string text)
    {
        text = text.Trim();
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Executable} (Python {Version})";
}
