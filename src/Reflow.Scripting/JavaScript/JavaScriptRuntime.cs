using System.Collections.Concurrent;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// JavaScript (and TypeScript) script components on Jint: ES modules that export <c>actorMetadata</c> and
/// <c>process(inputs, context)</c>. Add it to a registry with <see cref="JavaScriptRegistryExtensions.AddJavaScript"/>.
/// </summary>
/// <remarks>
/// A source is parsed once (cached by content and location) and shared by every node running it; each node gets
/// an engine of its own, made when it starts and reused for every message. Scripts reach nothing of the host but
/// what the runtime gives them (no CLR access).
/// </remarks>
public sealed class JavaScriptRuntime : ScriptRuntime
{
    private static readonly string[] Names = ["script/javascript", "script/typescript"];
    private static readonly string[] Extensions = [".js", ".mjs", ".ts", ".mts"];

    private readonly JavaScriptRuntimeOptions _options;
    private readonly ConcurrentDictionary<(string Hash, string Location), Lazy<PreparedScript>> _prepared = new();

    /// <summary>Creates the runtime.</summary>
    public JavaScriptRuntime(JavaScriptRuntimeOptions? options = null)
    {
        _options = options ?? JavaScriptRuntimeOptions.Default;
    }

    /// <inheritdoc />
    public override string Language => "javascript";

    /// <inheritdoc />
    public override IReadOnlyList<string> ComponentNames => Names;

    /// <inheritdoc />
    public override IReadOnlyList<string> FileExtensions => Extensions;

    /// <inheritdoc />
    public override ScriptDeclaration Describe(ScriptSource source) => Prepare(source).Declaration;

    /// <inheritdoc />
    public override ScriptEngine CreateEngine(ScriptSource source, ScriptDeclaration declaration) => new JavaScriptEngine(Prepare(source), _options.HostObjects);

    private PreparedScript Prepare(ScriptSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        string location = source.Path ?? source.DisplayName;
        Lazy<PreparedScript> prepared = _prepared.GetOrAdd((source.ContentHash, location), _ => new Lazy<PreparedScript>(() => Parse(source, location)));
        try
        {
            return prepared.Value;
        }
        catch (ScriptException)
        {
            _prepared.TryRemove(new KeyValuePair<(string, string), Lazy<PreparedScript>>((source.ContentHash, location), prepared)); // a fixed file parses again
            throw;
        }
    }

    private PreparedScript Parse(ScriptSource source, string location)
    {
        string text = IsTypeScript(source) ? Transpile(source) : source.Text;
        string directory = source.BaseDirectory ?? Directory.GetCurrentDirectory();
        string? own = source.BaseDirectory ?? (source.Path is null ? null : Path.GetDirectoryName(Path.GetFullPath(source.Path)));
        var info = new PreparedScriptInfo(location, source.DisplayName, directory, ModuleScope.For(own, directory));
        var module = JsErrors.PrepareModule(text, location, source.DisplayName);
        ScriptDeclaration declaration = ActorMetadataReader.Read(module, text, info);
        return new PreparedScript(module, location, source.DisplayName, info.Directory, declaration, info.Scope);
    }

    private string Transpile(ScriptSource source) =>
        _options.TranspileTypeScript is { } transpile ? transpile(source) : TypeScript.TypeScriptTranspiler.Transpile(source);

    private static bool IsTypeScript(ScriptSource source) =>
        source.ComponentName == "script/typescript" || HasTypeScriptExtension(source.Path) || HasTypeScriptExtension(source.ComponentName);

    private static bool HasTypeScriptExtension(string? name) =>
        name is not null && (name.EndsWith(".ts", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".mts", StringComparison.OrdinalIgnoreCase));
}
