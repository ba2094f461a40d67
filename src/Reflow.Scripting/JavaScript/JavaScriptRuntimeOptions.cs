namespace Reflow.Scripting.JavaScript;

/// <summary>How a <see cref="JavaScriptRuntime"/> reads its scripts.</summary>
public sealed record JavaScriptRuntimeOptions
{
    /// <summary>The defaults.</summary>
    public static JavaScriptRuntimeOptions Default { get; } = new();

    /// <summary>
    /// Turns a TypeScript source (component <c>script/typescript</c>, or a <c>.ts</c> / <c>.mts</c> file) into
    /// JavaScript with the same lines, before it is parsed; null for the runtime's own (Sucrase in-process, cached by content hash).
    /// </summary>
    public Func<ScriptSource, string>? TranspileTypeScript { get; init; }

    /// <summary>
    /// .NET objects the host hands to every script as globals, by name (<c>["rates"] = rateTable</c>): their public
    /// members are reachable from JavaScript through Jint's interop. Nothing else of .NET is: scripts cannot name types,
    /// namespaces or assemblies. Empty by default. Every node of the runtime calls the same object, from the
    /// runtime's pool threads, so it must be safe to use from several threads at once.
    /// </summary>
    public IReadOnlyDictionary<string, object> HostObjects { get; init; } = new Dictionary<string, object>();
}
