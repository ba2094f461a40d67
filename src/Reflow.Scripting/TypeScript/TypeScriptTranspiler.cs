namespace Reflow.Scripting.TypeScript;

/// <summary>
/// Turns a TypeScript ES module into JavaScript for Jint by stripping its types (Sucrase, in-process: no Node.js at run
/// time). Every line stays where it was, so an error in the JavaScript is at the same line of the .ts file. Results
/// are cached by <see cref="ScriptSource.ContentHash"/> in memory and on disk, so a graph's second start transpiles
/// nothing.
/// </summary>
internal static class TypeScriptTranspiler
{
    private static readonly Lazy<TypeScriptCache> SharedCache =
        new(() => new TypeScriptCache(TypeScriptCache.DefaultDirectory()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process's cache (the user's cache directory on disk): what <see cref="Transpile"/> uses.</summary>
    internal static TypeScriptCache Shared => SharedCache.Value;

    /// <summary>The JavaScript of <paramref name="source"/>, a TypeScript ES module.</summary>
    /// <exception cref="ScriptException">The TypeScript does not parse; the message leads with <c>file.ts:line:column</c>.</exception>
    public static string Transpile(ScriptSource source) => Shared.Transpile(source);
}
