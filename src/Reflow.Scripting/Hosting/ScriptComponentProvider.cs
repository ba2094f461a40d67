using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Scripting;

/// <summary>
/// Makes script components for graphs: a node whose component is one of the runtime's names (<c>script/javascript</c>)
/// with its <c>source</c> inline or its <c>file</c>, or a node that names a script file directly (<c>parse(./parse.js)</c>).
/// Its ports are those the script declares, so validation, <c>reflow components</c> and the graph checks treat it
/// like a C# component. Added to a registry by <see cref="ScriptingRegistryExtensions.AddScriptRuntime"/>.
/// </summary>
public sealed class ScriptComponentProvider : ComponentProvider
{
    /// <summary>The node setting that holds a script inline.</summary>
    public const string SourceKey = "source";

    /// <summary>The node setting that names a script file, relative to the graph's file.</summary>
    public const string FileKey = "file";

    private readonly ScriptRuntime _runtime;
    private readonly ScriptingOptions _options;
    private readonly ConcurrentDictionary<(string Component, string Hash, string? Path), ScriptDeclaration> _declarations = new();

    /// <summary>Creates the provider of <paramref name="runtime"/>'s components.</summary>
    public ScriptComponentProvider(ScriptRuntime runtime, ScriptingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        _options = options ?? ScriptingOptions.Default;
    }

    /// <summary>The runtime.</summary>
    public ScriptRuntime Runtime => _runtime;

    /// <summary>The options its nodes run with.</summary>
    public ScriptingOptions Options => _options;

    /// <inheritdoc />
    public override IReadOnlyList<string> FileExtensions => _runtime.FileExtensions;

    /// <inheritdoc />
    public override IReadOnlyList<ComponentDescription> ConfiguredComponents =>
        [.. _runtime.ComponentNames.Select(name => new ComponentDescription(name, description: _runtime.DescribeComponent(name)) { Pool = _runtime.Pool })];

    /// <inheritdoc />
    public override Component CreateFromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Create(ScriptSource.FromFile(Path.GetFileName(path), path));
    }

    /// <inheritdoc />
    public override Component CreateForNode(string name, GraphMetadata settings, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? inline = settings.TryGetValue(SourceKey, out var source) ? source.ValueKind == System.Text.Json.JsonValueKind.String ? source.GetString() : throw NotText(SourceKey) : null;
        string? file = settings.TryGetValue(FileKey, out var named) ? named.ValueKind == System.Text.Json.JsonValueKind.String ? named.GetString() : throw NotText(FileKey) : null;
        if ((inline is null) == (file is null))
        {
            throw new ComponentDefinitionException(
                $"a {name} node needs its script in exactly one of the settings '{SourceKey}' (the script itself) or '{FileKey}' (a path relative to the graph's file){(inline is null ? "; it has neither" : "; it has both")}");
        }

        if (inline is not null)
        {
            return Create(new ScriptSource(name, inline, null, $"{name} (inline source)", baseDirectory));
        }

        string path = Path.GetFullPath(file!, baseDirectory ?? Directory.GetCurrentDirectory());
        if (!File.Exists(path))
        {
            throw new ComponentDefinitionException($"the script file '{file}' does not exist (looked for {path})");
        }

        return Create(ScriptSource.FromFile(name, path));
    }

    private Component Create(ScriptSource source)
    {
        ScriptDeclaration declaration;
        try
        {
            declaration = _declarations.GetOrAdd((source.ComponentName, source.ContentHash, source.Path), _ => _runtime.Describe(source));
        }
        catch (ScriptException ex)
        {
            throw new ComponentDefinitionException(ex.Message, ex);
        }

        ComponentDescription description;
        try
        {
            description = new ComponentDescription(declaration.Name, declaration.InPorts, declaration.OutPorts, declaration.Description,
                configurationSchema: declaration.ConfigurationSchema) { Pool = _runtime.Pool };
        }
        catch (ArgumentException ex)
        {
            throw new ComponentDefinitionException($"{source.DisplayName}: its declaration is wrong: {ex.Message}", ex);
        }

        return declaration.Batch
            ? Component.FromFactory(description, () => new ScriptBatchActor(new ScriptNode(_runtime, source, declaration, _options), declaration.MaxBatchSize))
            : Component.FromFactory(description, () => new ScriptActor(new ScriptNode(_runtime, source, declaration, _options)));
    }

    private static ComponentDefinitionException NotText(string key) => new($"the setting '{key}' must be text");
}
