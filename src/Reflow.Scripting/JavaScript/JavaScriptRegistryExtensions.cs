using Reflow.Networks;

namespace Reflow.Scripting.JavaScript;

/// <summary>Adds JavaScript and TypeScript script components to a <see cref="ComponentRegistry"/>.</summary>
public static class JavaScriptRegistryExtensions
{
    /// <summary>
    /// Lets graphs use JavaScript and TypeScript scripts (<c>script/javascript</c>, <c>script/typescript</c>, files
    /// ending <c>.js</c>, <c>.mjs</c>, <c>.ts</c>, <c>.mts</c>) with <paramref name="options"/>: nothing granted by default.
    /// </summary>
    public static ComponentRegistry AddJavaScript(this ComponentRegistry registry, ScriptingOptions? options = null) =>
        registry.AddScriptRuntime(new JavaScriptRuntime(), options);
}
