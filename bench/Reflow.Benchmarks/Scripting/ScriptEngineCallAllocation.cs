using BenchmarkDotNet.Attributes;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Permissions;
using Reflow.Scripting;
using Reflow.Scripting.JavaScript;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// The per-message bytes of B10 (<see cref="B10Scripting"/>) without the network around them: the JavaScript
/// runtime's engine for B10's scripts, started once on a real <see cref="ScriptContext"/> (default limits, no grant),
/// then called for each message as the script actor calls it — <see cref="ScriptEngine.Process"/> one message at a
/// time, or <see cref="ScriptEngine.ProcessBatch"/> over runs of <see cref="BatchSize"/>. Start-up is outside the
/// measurement, so the memory diagnoser's Allocated column (per operation = per message) is the steady-state cost of
/// one message through the engine: what the <c>B10Scripting.Reflow*</c> rows' B/msg is made of (the network itself
/// allocates nothing per message). Every invocation checks what the script emitted against <see cref="B10Checksum.Expected"/>.
/// </summary>
[MemoryDiagnoser]
public class ScriptEngineCallAllocation
{
    /// <summary>Messages per invocation (one BenchmarkDotNet operation each).</summary>
    public const int Messages = 10_000;

    /// <summary>The run of messages one <c>processBatch</c> call gets (the batch actor's default bound).</summary>
    public const int BatchSize = 256;

    private Message[] _inputs = [];
    private ScriptInput[] _batch = [];
    private B10Checksum _expected;
    private ScriptEngine? _engine;
    private ScriptContext? _context;
    private Output? _output;

    /// <summary>Which function the messages go through.</summary>
    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = B10Workload.Identity;

    /// <summary>The two workloads.</summary>
    public static IEnumerable<string> Workloads => B10Workload.All;

    [GlobalSetup(Target = nameof(Process))]
    public void SetUpProcess() => SetUp(batch: false);

    [GlobalSetup(Target = nameof(ProcessBatch))]
    public void SetUpProcessBatch() => SetUp(batch: true);

    /// <summary>The script's <c>process</c>, one call per message.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public void Process()
    {
        _output!.Checksum = default;
        for (int i = 0; i < _inputs.Length; i++)
        {
            _engine!.Process(_context!, new ScriptInput(0, "in", -1, _inputs[i]));
        }

        _output.Checksum.Verify(_expected, $"B10 engine Process {Workload}");
    }

    /// <summary>The script's <c>processBatch</c>, one call per run of <see cref="BatchSize"/> messages.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public void ProcessBatch()
    {
        _output!.Checksum = default;
        for (int start = 0; start < _inputs.Length; start += BatchSize)
        {
            int count = Math.Min(BatchSize, _inputs.Length - start);
            for (int i = 0; i < count; i++)
            {
                _batch[i] = new ScriptInput(0, "in", -1, _inputs[start + i]);
            }

            _engine!.ProcessBatch(_context!, _batch.AsSpan(0, count));
        }

        _output.Checksum.Verify(_expected, $"B10 engine ProcessBatch {Workload}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_engine is not null)
        {
            _engine.Stop(_context!);
            _engine.Dispose();
        }

        (_engine, _context, _output) = (null, null, null);
    }

    private void SetUp(bool batch)
    {
        _inputs = B10Workload.Inputs(Workload, Messages);
        _expected = B10Checksum.Expected(Workload, Messages);
        _batch = new ScriptInput[BatchSize];
        string path = B10Workload.ScriptPath(Workload, batch);
        var runtime = new JavaScriptRuntime();
        var source = new ScriptSource(runtime.ComponentNames[0], File.ReadAllText(path), path, Path.GetFileName(path), Path.GetDirectoryName(path));
        ScriptDeclaration declaration = runtime.Describe(source);
        var component = new ComponentDescription(source.ComponentName, declaration.InPorts, declaration.OutPorts);
        _output = new Output(Workload);
        var actor = new ActorContext("js", component, ActorConfiguration.Create("js", component.Name), _output);
        _context = new ScriptContext(actor, source, declaration, PermissionSet.None, ScriptLimits.Default);
        _engine = runtime.CreateEngine(source, declaration);
        _engine.Start(_context);
    }

    /// <summary>Where the engine's emissions go: folded into a checksum, as B10's sink does.</summary>
    private sealed class Output(string workload) : IActorOutput
    {
        public B10Checksum Checksum;

        public TimeProvider Time => TimeProvider.System;

        public PermissionSet Permissions => PermissionSet.None;

        public void Emit(int outPort, in Message message) => Checksum.Add(workload, message);

        public void Emit(int outPort, int element, in Message message) => Checksum.Add(workload, message);

        public int OutPortWidth(int outPort) => 1;

        public bool IsInPortClosed(int inPort) => false;

        public IDisposable ScheduleTimer(TimeSpan dueTime, TimeSpan period, object? state) =>
            throw new NotSupportedException("B10's scripts set no timers.");

        public void Log(string text, string level) => throw new InvalidOperationException($"B10's scripts do not log; this one did: {text}");

        public IDisposable KeepAlive() => throw new NotSupportedException("B10's scripts keep nothing alive.");
    }
}
