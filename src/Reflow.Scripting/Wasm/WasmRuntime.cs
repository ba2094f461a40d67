using System.Collections.Concurrent;
using System.Security.Cryptography;
using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// WebAssembly plugin components on Wasmtime, with the original's Extism-compatible ABI: a plugin exports
/// <c>get_metadata</c> (its description) and <c>process</c> (one call per message, JSON in and out through the Extism
/// kernel), so <c>.wasm</c> files built with the Extism PDKs for the original run unmodified. Add it to a registry
/// with <see cref="WasmRegistryExtensions.AddWasm"/>.
/// </summary>
/// <remarks>
/// A <c>.wasm</c> file named in a graph (or by a node's <c>file</c> setting) is read as bytes from its path; a node's
/// inline <c>source</c> for <c>script/wasm</c> is the module in the WebAssembly text format (WAT). A module is compiled
/// and linked once per content and shared by every node running it; each call gets a fresh instance.
/// </remarks>
public sealed class WasmRuntime : ScriptRuntime
{
    private static readonly string[] Names = ["script/wasm"];
    private static readonly string[] Extensions = [".wasm"];

    private readonly ConcurrentDictionary<(string Hash, string Location), Lazy<WasmPluginInfo>> _plugins = new();

    /// <inheritdoc />
    public override string Language => "wasm";

    /// <inheritdoc />
    public override IReadOnlyList<string> ComponentNames => Names;

    /// <inheritdoc />
    public override IReadOnlyList<string> FileExtensions => Extensions;

    /// <inheritdoc />
    public override string DescribeComponent(string componentName) =>
        "A WebAssembly plugin (the Extism-compatible ABI: get_metadata, process): its ports are those get_metadata declares. " +
        "Settings: source (inline WAT text) or file (a .wasm), permissions, timeout, memory_limit.";

    /// <inheritdoc />
    public override ScriptDeclaration Describe(ScriptSource source) => Load(source).Declaration;

    /// <inheritdoc />
    public override ScriptEngine CreateEngine(ScriptSource source, ScriptDeclaration declaration)
    {
        WasmPluginInfo info = Load(source);
        return info.Declaration.Batch
            ? new WasmBatchEngine(info.Plugin, info.Declaration.InPorts.Count, info.Declaration.OutPorts.Count)
            : new WasmEngine(info.Plugin);
    }

    private WasmPluginInfo Load(ScriptSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        bool binary = IsBinary(source);
        byte[]? bytes = binary ? ReadBinary(source) : null;
        string hash = bytes is null ? source.ContentHash : Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = (hash, source.Path ?? source.DisplayName);
        Lazy<WasmPluginInfo> loaded = _plugins.GetOrAdd(key, _ => new Lazy<WasmPluginInfo>(() => Compile(source, bytes)));
        try
        {
            return loaded.Value;
        }
        catch (ScriptException)
        {
            _plugins.TryRemove(new KeyValuePair<(string, string), Lazy<WasmPluginInfo>>(key, loaded)); // a fixed file loads again
            throw;
        }
    }

    // The component provider reads files as text; a .wasm is binary, so the runtime reads it again from its path.
    private static bool IsBinary(ScriptSource source) => source.Path is { } path && path.EndsWith(".wasm", StringComparison.OrdinalIgnoreCase);

    private static byte[] ReadBinary(ScriptSource source)
    {
        try
        {
            return File.ReadAllBytes(source.Path!);
        }
        catch (IOException ex)
        {
            throw new ScriptException($"{source.DisplayName}: cannot read the plugin: {ex.Message}", file: source.DisplayName, innerException: ex);
        }
    }

    private static WasmPluginInfo Compile(ScriptSource source, byte[]? bytes)
    {
        string name = source.DisplayName;
        Module module;
        try
        {
            module = bytes is null ? Module.FromText(WasmHost.Engine, name, source.Text) : Module.FromBytes(WasmHost.Engine, name, bytes);
        }
        catch (WasmtimeException ex)
        {
            throw new ScriptException($"{name}: not a valid WebAssembly module{(bytes is null ? " (inline source is WAT text)" : "")}: {ex.Message}", file: name, innerException: ex);
        }

        bool batch = false;
        foreach (Export export in module.Exports)
        {
            batch |= export.Name == "reflow_process";
        }

        var plugin = new WasmPlugin(module, WasmImports.Link(WasmHost.Engine, module, name, batch), name);
        string fallback = Path.GetFileNameWithoutExtension(source.Path ?? source.ComponentName);
        return batch ? WasmBatchPlugin.Load(plugin, fallback) : LoadJson(plugin, fallback);
    }

    private static WasmPluginInfo LoadJson(WasmPlugin plugin, string fallback)
    {
        string name = plugin.Name;
        foreach (string export in (string[])["get_metadata", "process"])
        {
            if (!plugin.Exports(export))
            {
                throw new ScriptException($"{name}: exports no function '{export}' (a plugin exports get_metadata and process, or for the batch ABI reflow_process)", file: name);
            }
        }

        WasmInstance? none = null;
        byte[] metadata = plugin.Call("get_metadata", [], new WasmNodeState(null), ScriptLimits.Default, ref none);
        plugin.KeepInstance = WasmMetadataReader.Options(metadata, name).KeepInstance;
        return new WasmPluginInfo(plugin, WasmMetadataReader.Read(metadata, name, fallback));
    }
}

/// <summary>A loaded plugin and its description.</summary>
internal sealed record WasmPluginInfo(WasmPlugin Plugin, ScriptDeclaration Declaration);
