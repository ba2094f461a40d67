namespace Reflow.Scripting.JavaScript;

/// <summary>How a <see cref="JavaScriptRuntime"/> reads its scripts.</summary>
public sealed record JavaScriptRuntimeOptions
{
    /// <summary>The defaults.</summary>
    public static JavaScriptRuntimeOptions Default { get; } = new();

    /// <summary>
    /// Turns a TypeScript source (component <c>script/typescript</c>, or a <c>.ts</c> / <c>.mts</c> file) into
    /// JavaScript with the same lines, before it is parsed; null for the runtime's own transpiler.
    /// </summary>
    public Func<ScriptSource, string>? TranspileTypeScript { get; init; }
}
