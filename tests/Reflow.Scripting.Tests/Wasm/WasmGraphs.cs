using System.Text.Json;
using Reflow.Components;
using Reflow.Networks;
using Reflow.Scripting.Tests.JavaScript;
using Reflow.Scripting.Wasm;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>Graphs of the WebAssembly tests: a temporary folder whose registry has the standard components and WebAssembly plugins.</summary>
internal static class WasmGraphs
{
    public static JsGraph Create() => new() { MakeRegistry = options => new ComponentRegistry().AddStandardComponents().AddWasm(options) };

    /// <summary>Compiles <paramref name="wat"/> with Wasmtime's own text parser into <paramref name="name"/> in the graph's folder.</summary>
    public static string WriteWasm(this JsGraph graph, string name, string wat)
    {
        string path = Path.Combine(graph.Directory, name);
        File.WriteAllBytes(path, Wasmtime.Module.ConvertText(wat));
        return path;
    }

    /// <summary>"plugin" (in → out) named by its file beside a native core/Repeat (nums → copy).</summary>
    public static string PluginBesideNative(object? settings = null) => JsonSerializer.Serialize(new
    {
        processes = new Dictionary<string, object>
        {
            ["plugin"] = new { component = "./plugin.wasm", metadata = settings },
            ["copy"] = new { component = "core/Repeat" },
        },
        connections = Array.Empty<object>(),
        inports = new Dictionary<string, object> { ["in"] = new { process = "plugin", port = "in" }, ["nums"] = new { process = "copy", port = "in" } },
        outports = new Dictionary<string, object> { ["out"] = new { process = "plugin", port = "out" }, ["copy"] = new { process = "copy", port = "out" } },
    });
}
