using Microsoft.ClearScript;
using Microsoft.ClearScript.JavaScript;
using Microsoft.ClearScript.V8;
using Reflow.Messages;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// B10 row (b): the workload's <c>process</c> on V8 (ClearScript), called from C# for each message, with the conversion
/// a host of messages would do: numbers and booleans cross as CLR primitives (ClearScript makes JS numbers of them),
/// strings, objects and arrays as JSON text that a small JS wrapper parses (<c>JSON.parse</c>) before the call and
/// writes (<c>JSON.stringify</c>) after it, and C# reads back into a message (<see cref="MessageJson.Parse(string)"/>).
/// Handing V8 CLR objects instead would make every property read a call back into .NET, which is slower.
/// </summary>
public sealed class V8Direct : IDisposable
{
    // The wrapper: one call per message. A string result is always JSON text (a string output is stringified too), so
    // the host can tell text from a number without a second call.
    private const string Wrapper = """
        import { process as fn } from 'b10-script';
        globalThis.__b10 = function (value, json) {
          const out = fn({ in: json ? JSON.parse(value) : value }).out;
          return typeof out === 'number' || typeof out === 'boolean' || out === null || out === undefined ? out : JSON.stringify(out);
        };
        """;

    private static readonly object s_true = true;
    private static readonly object s_false = false;

    private readonly V8ScriptEngine _engine;
    private readonly ScriptObject _call;
    private readonly object[] _arguments = new object[2];

    /// <summary>Loads <paramref name="scriptPath"/> as a module and wraps its <c>process</c>.</summary>
    public V8Direct(string scriptPath)
    {
        _engine = new V8ScriptEngine(V8ScriptEngineFlags.None);
        _engine.DocumentSettings.AddSystemDocument("b10-script", ModuleCategory.Standard, File.ReadAllText(scriptPath));
        _engine.Execute(new DocumentInfo("b10-wrapper.mjs") { Category = ModuleCategory.Standard }, Wrapper);
        _call = _engine.Script.__b10 as ScriptObject ?? throw new InvalidOperationException($"{scriptPath}: the V8 wrapper did not load.");
    }

    /// <summary>The V8 version ClearScript embeds.</summary>
    public static string EngineVersion => typeof(V8ScriptEngine).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>Runs every message of <paramref name="inputs"/> through the function, folding the outputs into <paramref name="checksum"/>.</summary>
    public void Run(string workload, Message[] inputs, ref B10Checksum checksum)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            Message input = inputs[i];
            switch (input.Kind)
            {
                case MessageKind.Integer:
                    _arguments[0] = input.AsInteger();
                    _arguments[1] = s_false;
                    break;
                case MessageKind.Float:
                    _arguments[0] = input.AsFloat();
                    _arguments[1] = s_false;
                    break;
                default:
                    _arguments[0] = MessageJson.ToJson(input);
                    _arguments[1] = s_true;
                    break;
            }

            checksum.Add(workload, ToMessage(_call.InvokeAsFunction(_arguments)));
        }
    }

    public void Dispose() => _engine.Dispose();

    private static Message ToMessage(object? result) => result switch
    {
        int whole => Message.Integer(whole),
        long whole => Message.Integer(whole),
        double number => Math.Floor(number) == number && Math.Abs(number) <= 9007199254740991 ? Message.Integer((long)number) : Message.Float(number),
        bool flag => Message.Boolean(flag),
        string json => MessageJson.Parse(json),
        null => Message.Null,
        _ when result is Undefined => Message.Null,
        _ => throw new InvalidOperationException($"B10 V8: unexpected result of type {result.GetType()}"),
    };
}
