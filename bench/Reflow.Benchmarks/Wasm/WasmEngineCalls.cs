using Reflow.Actors;
using Reflow.Messages;
using Reflow.Permissions;
using Reflow.Scripting;
using Reflow.Scripting.Wasm;

namespace Reflow.Benchmarks.Wasm;

/// <summary>
/// A plugin's engine without a network around it, made through the runtime's public contract
/// (<see cref="WasmRuntime.Describe"/>, <see cref="WasmRuntime.CreateEngine"/>), started once on a real
/// <see cref="ScriptContext"/> (default limits, no grant) and called as the script actor calls it: one
/// <see cref="ScriptEngine.Process"/> per message. What it emits is folded into <see cref="Checksum"/>.
/// </summary>
public sealed class WasmEngineCalls : IDisposable
{
    private readonly ScriptEngine _engine;
    private readonly ScriptContext _context;
    private readonly Output _output = new();

    /// <summary>Loads the plugin at <paramref name="wasmPath"/> and starts its engine.</summary>
    public WasmEngineCalls(string wasmPath)
    {
        var runtime = new WasmRuntime();
        ScriptSource source = ScriptSource.FromFile(runtime.ComponentNames[0], wasmPath);
        ScriptDeclaration declaration = runtime.Describe(source);
        var component = new ComponentDescription(source.ComponentName, declaration.InPorts, declaration.OutPorts);
        var actor = new ActorContext("wasm", component, ActorConfiguration.Create("wasm", component.Name), _output);
        _context = new ScriptContext(actor, source, declaration, PermissionSet.None, ScriptLimits.Default);
        _engine = runtime.CreateEngine(source, declaration);
        _engine.Start(_context);
    }

    /// <summary>What the plugin emitted since the last <see cref="Run"/> began.</summary>
    public B11Checksum Checksum => _output.Checksum;

    /// <summary>When set, what the plugin emits is added here instead of folded into <see cref="Checksum"/> (any kind of message).</summary>
    public List<Message>? Record { get => _output.Record; set => _output.Record = value; }

    /// <summary>One <c>process</c> call per message of <paramref name="inputs"/>.</summary>
    public void Run(Message[] inputs)
    {
        _output.Checksum = default;
        for (int i = 0; i < inputs.Length; i++)
        {
            _engine.Process(_context, new ScriptInput(0, "in", -1, inputs[i]));
        }
    }

    public void Dispose()
    {
        _engine.Stop(_context);
        _engine.Dispose();
    }

    private sealed class Output : IActorOutput
    {
        public B11Checksum Checksum;

        public List<Message>? Record;

        public TimeProvider Time => TimeProvider.System;

        public PermissionSet Permissions => PermissionSet.None;

        public void Emit(int outPort, in Message message)
        {
            if (Record is { } record)
            {
                record.Add(message);
                return;
            }

            Checksum.Add(message);
        }

        public void Emit(int outPort, int element, in Message message) => Emit(outPort, message);

        public int OutPortWidth(int outPort) => 1;

        public bool IsInPortClosed(int inPort) => false;

        public IDisposable ScheduleTimer(TimeSpan dueTime, TimeSpan period, object? state) =>
            throw new NotSupportedException("B11's plugins set no timers.");

        public void Log(string text, string level) => throw new InvalidOperationException($"B11's plugins do not log; this one did: {text}");

        public IDisposable KeepAlive() => throw new NotSupportedException("B11's plugins keep nothing alive.");
    }
}
