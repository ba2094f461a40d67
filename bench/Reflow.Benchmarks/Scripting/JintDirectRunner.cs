using Jint;
using Jint.Native;
using Jint.Native.Function;
using Reflow.Messages;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// B10 row (d): the workload's <c>process</c> called on one Jint engine for each message, with no network around it —
/// the ceiling the Reflow runtime can reach on Jint; the gap between the Reflow row and this one is the host's cost.
/// Each call converts the message in (<see cref="JintValues.ToJs"/>), builds <c>{in: value}</c>, calls the function and
/// converts <c>result.out</c> back (<see cref="JintValues.ToMessage"/>), which is the same work per message the runtime does.
/// The engine has no constraints (no timeout, statement or recursion checks).
/// </summary>
public sealed class JintDirectRunner : IDisposable
{
    private readonly Engine _engine;
    private readonly JsValue _process;
    private readonly JsValue[] _arguments = new JsValue[1];

    /// <summary>Loads <paramref name="scriptPath"/> as a module and takes its <c>process</c>.</summary>
    public JintDirectRunner(string scriptPath)
    {
        _engine = new Engine();
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
            var arguments = new JsObject(_engine);
            arguments.FastSetDataProperty("in", JintValues.ToJs(_engine, inputs[i]));
            _arguments[0] = arguments;
            JsValue result = _engine.Invoke(_process, JsValue.Undefined, _arguments);
            checksum.Add(workload, JintValues.ToMessage(result.AsObject().Get("out")));
        }
    }

    public void Dispose() => _engine.Dispose();
}
