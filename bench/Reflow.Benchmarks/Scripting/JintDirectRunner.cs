using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;
using Reflow.Messages;
using Reflow.Scripting.JavaScript;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// B10 row (d): the workload's <c>process</c> called on one Jint engine for each message, with no network around it —
/// the ceiling the Reflow runtime can reach on Jint; the gap between the Reflow row and this one is the host's cost.
/// Each call converts the message in with the runtime's own converter (<c>JsMessageConverter</c>), builds <c>{in: value}</c>
/// with the same object layout the runtime uses, calls the function and converts <c>result.out</c> back: the runtime's
/// work per message without its host (actor, queues, context, limits). The engine has no constraints (no timeout,
/// statement, memory or recursion checks), so their cost is on the host's side of the gap.
/// </summary>
public sealed class JintDirectRunner : IDisposable
{
    private readonly Engine _engine;
    private readonly JsValue _process;
    private readonly JsMessageConverter _converter;
    private readonly JsObjectLayout _inputs = new(["in"]);
    private readonly JsValue[] _one = new JsValue[1];
    private readonly JsValue[] _arguments = new JsValue[1];

    /// <summary>Loads <paramref name="scriptPath"/> as a module and takes its <c>process</c>.</summary>
    public JintDirectRunner(string scriptPath)
    {
        _engine = new Engine();
        _converter = new JsMessageConverter(_engine);
        _engine.Modules.Add("b10", File.ReadAllText(scriptPath));
        _process = _engine.Modules.Import("b10").Get("process");
        if (_process is not Function)
        {
            throw new InvalidOperationException($"{scriptPath} exports no function 'process'.");
        }
    }

    /// <summary>Runs every message of <paramref name="inputs"/> through the function, folding the outputs into <paramref name="checksum"/>.</summary>
    public void Run(string workload, Message[] inputs, ref B10Checksum checksum)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            _one[0] = _converter.ToJs(inputs[i]);
            _arguments[0] = JsObject.Create(_engine, _inputs, _one);
            JsValue result = _engine.Invoke(_process, JsValue.Undefined, _arguments);
            checksum.Add(workload, _converter.FromJs(result.AsObject().Get("out"), "out"));
        }
    }

    public void Dispose() => _engine.Dispose();
}
