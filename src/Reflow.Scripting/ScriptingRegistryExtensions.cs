using Reflow.Networks;

namespace Reflow.Scripting;

/// <summary>Adds script runtimes to a <see cref="ComponentRegistry"/>.</summary>
public static class ScriptingRegistryExtensions
{
    /// <summary>
    /// Lets graphs use <paramref name="runtime"/>'s scripts: its component names (<c>script/javascript</c>) and files
    /// named directly (<c>./parse.js</c>), run with <paramref name="options"/> (nothing granted by default).
    /// </summary>
    /// <exception cref="ArgumentException">A name or file extension of the runtime is already taken.</exception>
    public static ComponentRegistry AddScriptRuntime(this ComponentRegistry registry, ScriptRuntime runtime, ScriptingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.AddProvider(new ScriptComponentProvider(runtime, options));
    }
}
