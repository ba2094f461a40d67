using Reflow.Benchmarks.Infrastructure;
using Reflow.Messages;
#if REFLOW_PYTHON_RUNTIME
using Reflow.Components;
using Reflow.Networks;
using Reflow.Scripting.Python;
#endif

namespace Reflow.Benchmarks.Python;

/// <summary>
/// B12's Reflow rows: a native source → the workload's script as a <c>script/python</c> node (a worker process) → a
/// native sink (<see cref="ScriptNodePipeline{TFold}"/>, through <c>AddStandardComponents().AddPython()</c>), the
/// <c>python</c> pool at one thread, default settings (nothing granted). The project defines
/// <c>REFLOW_PYTHON_RUNTIME</c> when <c>src/Reflow.Scripting/Python/PythonRuntime.cs</c> exists; without it these rows
/// are left out of the run (<see cref="Available"/>) and the rest of the suite still builds and runs.
/// </summary>
public sealed class PythonPipeline
{
    /// <summary>The Python runtime's execution pool.</summary>
    public const string Pool = "python";

    private readonly ScriptNodePipeline<B12Checksum> _pipeline;

    /// <summary>Loads the pipeline around <paramref name="scriptPath"/>.</summary>
    /// <exception cref="InvalidOperationException">This build has no Python runtime (<see cref="MissingMessage"/>).</exception>
    public PythonPipeline(string scriptPath)
    {
#if REFLOW_PYTHON_RUNTIME
        _pipeline = new ScriptNodePipeline<B12Checksum>("b12", new ComponentRegistry().AddStandardComponents().AddPython(), "script/python", scriptPath, Pool);
#else
        _pipeline = Unavailable(scriptPath);
#endif
    }

    /// <summary>Whether this build has the <c>script/python</c> runtime.</summary>
#if REFLOW_PYTHON_RUNTIME
    public static bool Available => true;
#else
    public static bool Available => false;
#endif

    /// <summary>What to say when the runtime is missing.</summary>
    public static string MissingMessage =>
        "// B12: this build has no script/python runtime (src/Reflow.Scripting/Python/PythonRuntime.cs), so the Reflow rows are skipped.";

    /// <summary>Runs <paramref name="inputs"/> through a fresh network and returns the checksum of what reached the sink.</summary>
    /// <exception cref="InvalidOperationException">The network reported errors.</exception>
    public Task<B12Checksum> RunAsync(Message[] inputs) => _pipeline.RunAsync(inputs, default);
#if !REFLOW_PYTHON_RUNTIME

    private static ScriptNodePipeline<B12Checksum> Unavailable(string scriptPath) =>
        throw new InvalidOperationException($"{MissingMessage} ({scriptPath})");
#endif
}
