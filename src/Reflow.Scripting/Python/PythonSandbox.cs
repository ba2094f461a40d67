using System.Collections;
using Reflow.Permissions;

namespace Reflow.Scripting.Python;

/// <summary>
/// Runs Python workers under bubblewrap (<c>bwrap</c>), which enforces the node's grant at the process level: only the
/// interpreter's own files, the venv, the runner and the granted paths are visible (granted writes read-write, the rest
/// read-only), no network unless <c>net</c> is granted, only granted environment variables.
/// </summary>
internal sealed partial class PythonSandbox
{
    private static readonly Lazy<string?> Found = new(() => Locate(Environment.GetEnvironmentVariable("PATH")));

    /// <summary>A sandbox that starts <paramref name="bubblewrap"/>.</summary>
    public PythonSandbox(string bubblewrap)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bubblewrap);
        Bubblewrap = bubblewrap;
    }

    /// <summary>The <c>bwrap</c> program this sandbox starts.</summary>
    public string Bubblewrap { get; }

    /// <summary>The bubblewrap of this machine (the PATH, then <c>/usr/bin/bwrap</c>), or null when there is none; looked up once.</summary>
    public static PythonSandbox? Find() => Found.Value is string path ? new PythonSandbox(path) : null;

    /// <summary>The first <c>bwrap</c> on <paramref name="path"/>, else <c>/usr/bin/bwrap</c> when it exists, else null.</summary>
    internal static string? Locate(string? path)
    {
        foreach (string directory in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, "bwrap");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return File.Exists("/usr/bin/bwrap") ? "/usr/bin/bwrap" : null;
    }

    /// <summary>Reads the <c>sandbox</c> setting: <c>auto</c> (also when null or empty), <c>bubblewrap</c> or <c>none</c>.</summary>
    /// <exception cref="ScriptException">Any other value; the message names the ones expected.</exception>
    public static PythonSandboxMode ParseMode(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => PythonSandboxMode.Auto,
        "bubblewrap" or "bwrap" => PythonSandboxMode.Bubblewrap,
        "none" => PythonSandboxMode.None,
        _ => throw new ScriptException($"sandbox = '{text}' is not a Python sandbox mode: expected \"auto\", \"bubblewrap\" or \"none\"."),
    };

    /// <summary>
    /// How a worker of node <paramref name="nodeId"/> starts: under <paramref name="sandbox"/> (when the mode allows one
    /// and it exists), else as <paramref name="inner"/> itself when <paramref name="grant"/> is everything.
    /// </summary>
    /// <exception cref="ScriptException">
    /// The grant is restricted and there is no sandbox to enforce it (none found, or mode <c>none</c>), or the mode is
    /// <c>bubblewrap</c> and none was found; the message says what to install or grant.
    /// </exception>
    public static PythonCommand Decide(PythonSandboxMode mode, PythonSandbox? sandbox, string nodeId, PythonCommand inner, PythonInterpreter interpreter,
        PermissionSet grant, string runnerDirectory, string? venv, string scriptDirectory)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(grant);
        if (mode != PythonSandboxMode.None && sandbox is not null)
        {
            return sandbox.Wrap(inner, interpreter, grant, runnerDirectory, venv, scriptDirectory);
        }

        if (mode == PythonSandboxMode.Bubblewrap)
        {
            throw new ScriptException(
                $"Python node '{nodeId}' has sandbox = \"bubblewrap\" but bubblewrap (bwrap) was not found on PATH or at /usr/bin/bwrap; " +
                "install it (apt-get install bubblewrap) or set sandbox = \"auto\".");
        }

        if (PythonPermissions.IsEverything(grant))
        {
            return inner;
        }

        string why = mode == PythonSandboxMode.None
            ? "sandbox = \"none\" turns the process sandbox off"
            : "bubblewrap (bwrap) was not found on PATH or at /usr/bin/bwrap";
        throw new ScriptException(
            $"Python node '{nodeId}' is granted only part of what it could reach ({grant}), and Python cannot be restricted " +
            $"inside its own process: it runs restricted only under a process sandbox, and {why}. Install bubblewrap " +
            "(apt-get install bubblewrap) and leave sandbox = \"auto\", or grant the node everything (permissions = \"--allow-all\").");
    }

    /// <summary>
    /// <paramref name="inner"/> (the interpreter with its arguments) run under bubblewrap with what
    /// <paramref name="grant"/> allows (see the class summary).
    /// </summary>
    /// <param name="inner">The worker's command; its environment is what the worker gets on top of the granted variables.</param>
    /// <param name="interpreter">The interpreter (its prefixes and directories are bound read-only).</param>
    /// <param name="grant">The node's permissions.</param>
    /// <param name="runnerDirectory">The directory of the runner script (bound read-only).</param>
    /// <param name="venv">The node's virtual environment (bound read-only), or null.</param>
    /// <param name="scriptDirectory">The script's base directory: the worker starts there when it is readable, else in <c>/tmp</c>.</param>
    public PythonCommand Wrap(PythonCommand inner, PythonInterpreter interpreter, PermissionSet grant, string runnerDirectory, string? venv, string scriptDirectory)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(interpreter);
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentException.ThrowIfNullOrWhiteSpace(runnerDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(scriptDirectory);

        var args = new List<string> { "--die-with-parent", "--new-session", "--unshare-all" };
        bool net = grant.IsUnrestricted(PermissionKind.Net) || grant.Granted(PermissionKind.Net).Count > 0;
        if (net)
        {
            args.Add("--share-net");
        }

        bool privateTemp = AddFileSystem(args, interpreter, grant, runnerDirectory, venv, net);

        string start = grant.AllowsRead(scriptDirectory) && Directory.Exists(scriptDirectory) ? Path.GetFullPath(scriptDirectory) : "/tmp";
        args.Add("--chdir");
        args.Add(start);
        args.Add("--");
        args.Add(inner.FileName);
        args.AddRange(inner.Arguments);

        // The worker inherits bwrap's environment: set there rather than with --setenv, granted values (tokens) stay off
        // the command line, which every user of the machine can read in /proc.
        PythonCommand wrapped = grant.IsUnrestricted(PermissionKind.Env)
            ? new PythonCommand(Bubblewrap, args, inner.Environment, inner.ClearEnvironment, start)
            : new PythonCommand(Bubblewrap, args, WorkerEnvironment(inner, interpreter, grant, venv), ClearEnvironment: true, start);
        return privateTemp ? wrapped with { PrivateDirectories = ["/tmp"] } : wrapped;
    }

    /// <summary>
    /// The only variables the worker sees: the granted ones (their values from the host's environment with
    /// <paramref name="inner"/>'s on top), PATH (the venv's and the interpreter's bin first), HOME=/tmp and LANG unless
    /// granted, and <paramref name="inner"/>'s own.
    /// </summary>
    private static Dictionary<string, string?> WorkerEnvironment(PythonCommand inner, PythonInterpreter interpreter, PermissionSet grant, string? venv)
    {
        var host = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!inner.ClearEnvironment)
        {
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                host[(string)entry.Key] = (string?)entry.Value ?? "";
            }
        }

        foreach (string name in inner.Environment.Keys)
        {
            host.Remove(name);
        }

        string bin = Path.GetDirectoryName(interpreter.Executable) ?? "/usr/bin";
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = (venv is null ? "" : Path.Combine(venv, "bin") + ":") + bin + ":/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = "/tmp",
            ["LANG"] = "C.UTF-8",
        };
        foreach ((string name, string value) in host)
        {
            if (grant.AllowsEnv(name))
            {
                environment[name] = value;
            }
        }

        foreach ((string name, string? value) in inner.Environment)
        {
            environment[name] = value; // the host's own settings for the worker (null: unset), not the user's environment
        }

        return environment;
    }
}
