using Reflow.Actors;
using Reflow.Messages;
using Reflow.Permissions;
using Reflow.Scripting;
using Reflow.Scripting.JavaScript;
using Reflow.Scripting.Python;
using Reflow.Scripting.Wasm;

namespace Reflow.Soak;

/// <summary>
/// The script relays, made once per process through the real runtimes of Reflow.Scripting from the files in
/// <c>scripts/</c> beside the program: soak-relay.js (Jint), soak-relay.py (worker processes) and the checked-in
/// soak-relay.wasm (Wasmtime). Everything is granted: permissions are not what the soak tests, and Python then needs
/// no sandbox.
/// </summary>
internal sealed class ScriptComponents
{
    /// <summary>The JavaScript relay's per-call time limit, in milliseconds: its loop fault waits for it.</summary>
    public const int JavaScriptTimeoutMs = 250;

    /// <summary>The Python relay's per-exchange time limit: its loop fault waits for it, then the worker is killed.</summary>
    public const string PythonTimeout = "2s";

    private static readonly ScriptingOptions Granted = new() { Permissions = PermissionSet.All };
    private readonly Lazy<Component> _javaScript;
    private readonly Lazy<Component> _python;
    private readonly Lazy<Component> _wasm;

    public ScriptComponents(string directory)
    {
        Directory = directory;
        _javaScript = new(() => new ScriptComponentProvider(new JavaScriptRuntime(), Granted).CreateFromFile(Path.Combine(directory, "soak-relay.js")));
        _python = new(() => new ScriptComponentProvider(new PythonRuntime(new PythonRuntimeOptions { Interpreter = PythonInterpreterPath() }), Granted)
            .CreateFromFile(Path.Combine(directory, "soak-relay.py")));
        _wasm = new(() => new ScriptComponentProvider(new WasmRuntime(), Granted).CreateFromFile(Path.Combine(directory, "soak-relay.wasm")));
    }

    public string Directory { get; }

    public static ScriptComponents Default { get; } = new(Path.Combine(AppContext.BaseDirectory, "scripts"));

    public Component For(NodeKind kind) => kind switch
    {
        NodeKind.JavaScript => _javaScript.Value,
        NodeKind.Python => _python.Value,
        NodeKind.Wasm => _wasm.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a script node"),
    };

    /// <summary>The node settings of a script relay: short time limits, and room for the workers the faults end.</summary>
    public static MessageObject? Settings(NodeKind kind) => kind switch
    {
        NodeKind.JavaScript => MessageObject.Create(new KeyValuePair<string, Message>("timeout", Message.Integer(JavaScriptTimeoutMs))),
        NodeKind.Python => MessageObject.Create(
            new KeyValuePair<string, Message>("timeout", Message.String(PythonTimeout)),
            new KeyValuePair<string, Message>("max_restarts", Message.Integer(1_000_000))),
        _ => null,
    };

    /// <summary>Debian's interpreter when present (a version manager's shim would stand between us and the worker we kill).</summary>
    private static string? PythonInterpreterPath() => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : null;
}
