using System.Collections.Concurrent;

namespace Reflow.Scripting.Python;

/// <summary>
/// Python 3 script components (<c>script/python</c>, files ending <c>.py</c>), each node in a worker process of its own
/// running a small stdlib-only runner, so a crash, a hang, a leak or the GIL of one script cannot touch the engine.
/// Messages go both ways in batches, as frames of Python marshal. Add it to a registry with
/// <see cref="PythonRegistryExtensions.AddPython"/>.
/// </summary>
/// <remarks>
/// A script is either the original's global <c>Context</c> shape (<c>Context.get_inputs()</c>,
/// <c>Context.send_output(...)</c>, a result value), its later <c>async def process(context)</c>, or
/// <c>def process(inputs, context)</c> as JavaScript actors have. Its ports come from a literal
/// <c>__actor_metadata__</c> or <c>@actor(...)</c>, read without running the script. stderr goes to the node's log as
/// warnings, never as failures; an exception is a failure carrying the Python traceback.
/// </remarks>
public sealed class PythonRuntime : ScriptRuntime
{
    private static readonly string[] Names = ["script/python"];
    private static readonly string[] Extensions = [".py"];

    private readonly ConcurrentDictionary<(string Hash, string Location), Lazy<ScriptDeclaration>> _declarations = new();
    private readonly PythonEnvironments _environments;
    private readonly Lazy<PythonSandbox?> _sandbox = new(PythonSandbox.Find);

    /// <summary>Creates the runtime.</summary>
    /// <param name="options">How workers start; null for <see cref="PythonRuntimeOptions.Default"/>.</param>
    public PythonRuntime(PythonRuntimeOptions? options = null)
    {
        Options = options ?? PythonRuntimeOptions.Default;
        _environments = new PythonEnvironments(Options.CacheDirectory);
    }

    /// <summary>How workers start.</summary>
    public PythonRuntimeOptions Options { get; }

    /// <inheritdoc />
    public override string Language => "python";

    /// <inheritdoc />
    public override IReadOnlyList<string> ComponentNames => Names;

    /// <inheritdoc />
    public override IReadOnlyList<string> FileExtensions => Extensions;

    /// <inheritdoc />
    public override string DescribeComponent(string componentName) =>
        "A Python 3 script in a worker process of its own: its ports are those its __actor_metadata__ declares. Settings: source (inline) or file, " +
        "permissions, timeout, memory_limit, interpreter, max_restarts, sandbox, requirements, requirements_file, wheels, system_site_packages.";

    /// <inheritdoc />
    public override ScriptDeclaration Describe(ScriptSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var key = (source.ContentHash, source.Path ?? source.DisplayName);
        Lazy<ScriptDeclaration> described = _declarations.GetOrAdd(key, _ => new Lazy<ScriptDeclaration>(() =>
            PythonDescriber.Describe(source, PythonInterpreter.Resolve(Options.Interpreter ?? PythonInterpreter.Default).Executable)));
        try
        {
            return described.Value;
        }
        catch (ScriptException)
        {
            _declarations.TryRemove(new KeyValuePair<(string, string), Lazy<ScriptDeclaration>>(key, described)); // a fixed file is read again
            throw;
        }
    }

    /// <inheritdoc />
    public override ScriptEngine CreateEngine(ScriptSource source, ScriptDeclaration declaration)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(declaration);
        return new PythonEngine(this, source, declaration);
    }

    /// <summary>
    /// The worker's command: <c>&lt;python&gt; -I -u -B &lt;runner&gt;</c> with the node's interpreter, in its virtual
    /// environment when it asks for packages (made once and cached, its progress in the node's log), under bubblewrap
    /// when one is found (see <see cref="PythonSandbox.Decide"/>: without one, a node granted less than everything
    /// refuses to start).
    /// </summary>
    /// <exception cref="ScriptException">The interpreter, the environment or the sandbox cannot be had; the message says why.</exception>
    internal PythonCommand CommandFor(ScriptSource source, ScriptContext context, PythonNodeSettings settings)
    {
        PythonInterpreter interpreter = PythonInterpreter.Resolve(settings.Interpreter);
        string directory = source.BaseDirectory is { } folder && Directory.Exists(folder) ? Path.GetFullPath(folder) : Directory.GetCurrentDirectory();
        PythonEnvironmentSpec spec = new(settings.Requirements, Absolute(settings.RequirementsFile, directory), Absolute(settings.Wheels, directory), settings.SystemSitePackages)
        {
            Owner = settings.SharedEnvironment ? null : (source.Path ?? directory) + "#" + context.NodeId,
        };
        string? venv = null;
        if (spec.NeedsEnvironment)
        {
            PythonEnvironment environment = _environments.Ensure(interpreter, spec, new LogProgress(context));
            interpreter = environment.Interpreter;
            venv = environment.Directory;
        }

        var inner = new PythonCommand(interpreter.Executable, ["-I", "-u", "-B", PythonRunnerFile.Path], new Dictionary<string, string?>(), ClearEnvironment: false, directory);
        return PythonSandbox.Decide(PythonSandbox.ParseMode(settings.Sandbox), _sandbox.Value, context.NodeId, inner, interpreter, context.Permissions,
            Path.GetDirectoryName(PythonRunnerFile.Path)!, venv, directory);
    }

    private static string? Absolute(string? path, string directory) => path is null ? null : Path.GetFullPath(path, directory);
}
