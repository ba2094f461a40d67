using System.Text.Json;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>
/// The plugins native/wasm/build.sh builds from source (native/wasm/WasmPlugins.targets runs it before this project's
/// build, into wasm-plugins/ beside the tests) and graphs that name them by their file.
/// </summary>
internal static class NativePlugins
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "wasm-plugins");

    /// <summary>The built <c>&lt;name&gt;.wasm</c>; a missing one is a build problem, said so.</summary>
    public static string PathOf(string name)
    {
        string path = Path.Combine(Directory, name + ".wasm");
        return File.Exists(path) ? path : throw new FileNotFoundException(
            $"{path} was not built: native/wasm/build.sh builds it from native/wasm/plugins before this project's build (see native/wasm/WasmPlugins.targets)", path);
    }

    /// <summary>Copies the built plugin <paramref name="name"/> into the graph's folder as <c>&lt;name&gt;.wasm</c>.</summary>
    public static void CopyTo(this JsGraph graph, string name) => File.Copy(PathOf(name), Path.Combine(graph.Directory, name + ".wasm"));

    /// <summary>
    /// "plugin" named by its file <c>./&lt;name&gt;.wasm</c> (its in-port <paramref name="inPort"/> exported as "in",
    /// each of <paramref name="outPorts"/> as itself) beside a native core/Repeat (nums → copy).
    /// </summary>
    public static string BesideNative(string name, object? settings = null, string inPort = "in", params string[] outPorts)
    {
        var outports = new Dictionary<string, object> { ["copy"] = new { process = "copy", port = "out" } };
        foreach (string port in outPorts.Length == 0 ? ["out"] : outPorts)
        {
            outports[port] = new { process = "plugin", port };
        }

        return JsonSerializer.Serialize(new
        {
            processes = new Dictionary<string, object>
            {
                ["plugin"] = new { component = $"./{name}.wasm", metadata = settings },
                ["copy"] = new { component = "core/Repeat" },
            },
            connections = Array.Empty<object>(),
            inports = new Dictionary<string, object> { ["in"] = new { process = "plugin", port = inPort }, ["nums"] = new { process = "copy", port = "in" } },
            outports,
        });
    }
}
