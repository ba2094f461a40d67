using Reflow.Networks;

namespace Reflow.Scripting.Python;

/// <summary>Adds Python script components to a <see cref="ComponentRegistry"/>.</summary>
public static class PythonRegistryExtensions
{
    /// <summary>
    /// Lets graphs use Python scripts (<c>script/python</c>, files ending <c>.py</c>), each node in a worker process,
    /// with <paramref name="options"/> (nothing granted by default) and <paramref name="python"/> (the interpreter, restarts, packages).
    /// </summary>
    public static ComponentRegistry AddPython(this ComponentRegistry registry, ScriptingOptions? options = null, PythonRuntimeOptions? python = null) =>
        registry.AddScriptRuntime(new PythonRuntime(python), options);
}
