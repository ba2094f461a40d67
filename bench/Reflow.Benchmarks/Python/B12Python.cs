using BenchmarkDotNet.Attributes;
using Reflow.Actors;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Messages;

namespace Reflow.Benchmarks.Python;

/// <summary>
/// B12 (issue 19): the same two Python functions — <c>python/identity.py</c> (over Integers, or over short Strings) and
/// <c>python/transform.py</c> (<c>{id, name, price}</c> → <c>{id, name upper-cased, total}</c>) — over the same N
/// messages (<see cref="B12Workload"/>), side by side in one run:
/// <list type="bullet">
/// <item><c>Reflow</c>: a native source → the script as a <c>script/python</c> node (a worker process, batching on: the
/// default) → a native sink, the <c>python</c> pool at one thread (<see cref="PythonPipeline"/>); <c>ReflowUnbatched</c>:
/// the same script with <c>"batch": False</c> in its metadata, one message per call;</item>
/// <item><c>Floor</c>: the function called in a plain Python loop over the same values in a python3 child process, timed
/// by Python itself (<see cref="PythonFloor"/>; its own figure is the <c>python msg/s</c> column); <c>FloorFramed</c>: the
/// same with the worker's Python-side framing around each batch of <see cref="BatchActor.DefaultMaxBatchSize"/> (the
/// batch frame's marshal payload decoded, the reply encoded; no pipes, no host): the most a batched worker can reach;</item>
/// <item><c>PythonNet</c> / <c>PythonNetBatch</c>: the function in CPython embedded in this process through pythonnet,
/// called per message, or per list of <see cref="BatchActor.DefaultMaxBatchSize"/> messages, with the Message ↔ Python
/// conversion and the GIL taken per call (<see cref="PythonNetDirect"/>).</item>
/// </list>
/// Every invocation folds what came out into a <see cref="B12Checksum"/> and fails unless it is the expected one. The
/// messages are made once, before any timing. Figures: messages per second and managed bytes per message (B12Config).
/// </summary>
[Config(typeof(B12Config))]
public class B12Python
{
    private readonly Dictionary<string, CaseMetrics> _metrics = new(StringComparer.Ordinal);
    private readonly string _scripts = Path.Combine(Path.GetTempPath(), $"reflow-b12-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private Message[] _inputs = [];
    private B12Checksum _expected;
    private PythonPipeline? _pipeline;
    private PythonFloor? _floor;
    private PythonNetDirect? _direct;

    /// <summary>Which messages go through which function.</summary>
    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = B12Workload.Integer;

    /// <summary>The three workloads.</summary>
    public static IEnumerable<string> Workloads => B12Workload.All;

    /// <summary>Messages per invocation of every row but <see cref="ReflowUnbatched"/>, at the current <see cref="BenchScale"/>.</summary>
    public static int DefaultMessages => BenchScale.Pick(200_000, 50_000, 500);

    /// <summary>Messages per invocation of <see cref="ReflowUnbatched"/> (a round trip to the worker per message).</summary>
    public static int DefaultUnbatchedMessages => BenchScale.Pick(20_000, 5_000, 300);

    /// <summary>Messages per invocation (the tests' dry runs set fewer).</summary>
    public int Messages { get; init; } = DefaultMessages;

    /// <summary>Messages per invocation of <see cref="ReflowUnbatched"/> (the tests' dry runs set fewer).</summary>
    public int UnbatchedMessages { get; init; } = DefaultUnbatchedMessages;

    [GlobalSetup(Target = nameof(Reflow))]
    public void SetUpReflow()
    {
        SetUpMessages(Messages);
        _pipeline = new PythonPipeline(B12Workload.ScriptPath(Workload));
    }

    [GlobalSetup(Target = nameof(ReflowUnbatched))]
    public void SetUpReflowUnbatched()
    {
        SetUpMessages(UnbatchedMessages);
        _pipeline = new PythonPipeline(B12Workload.UnbatchedScriptPath(Workload, _scripts));
    }

    [GlobalSetup(Targets = [nameof(Floor), nameof(FloorFramed)])]
    public void SetUpFloor()
    {
        _expected = B12Workload.Expected(Workload, Messages);
        _floor = new PythonFloor(PythonInterpreter.Require());
    }

    [GlobalSetup(Targets = [nameof(PythonNet), nameof(PythonNetBatch)])]
    public void SetUpPythonNet()
    {
        SetUpMessages(Messages);
        _direct = new PythonNetDirect(B12Workload.ScriptPath(Workload));
    }

    /// <summary>The script as a <c>script/python</c> node in a network, batching on (the default).</summary>
    [Benchmark]
    public Task Reflow() => RunPipeline(nameof(Reflow));

    /// <summary>The same with <c>"batch": False</c>: one message per call to the worker.</summary>
    [Benchmark]
    public Task ReflowUnbatched() => RunPipeline(nameof(ReflowUnbatched));

    /// <summary>The function in a plain Python loop (the floor), timed by Python.</summary>
    [Benchmark]
    public void Floor() => RunFloor(nameof(Floor), 0);

    /// <summary>The floor with the worker's Python-side framing (marshal) around each batch, timed by Python.</summary>
    [Benchmark]
    public void FloorFramed() => RunFloor(nameof(FloorFramed), BatchActor.DefaultMaxBatchSize);

    /// <summary>The function in-process through pythonnet, one call (and one GIL acquisition) per message.</summary>
    [Benchmark]
    public void PythonNet() => RunDirect(nameof(PythonNet), batched: false);

    /// <summary>The function in-process through pythonnet, one call per list of messages.</summary>
    [Benchmark]
    public void PythonNetBatch() => RunDirect(nameof(PythonNetBatch), batched: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (CaseMetrics metrics in _metrics.Values)
        {
            metrics.Flush();
        }

        _floor?.Dispose();
        _direct?.Dispose();
        (_pipeline, _floor, _direct) = (null, null, null);
        if (Directory.Exists(_scripts))
        {
            Directory.Delete(_scripts, recursive: true);
        }
    }

    private void SetUpMessages(int count)
    {
        _inputs = B12Workload.Inputs(Workload, count);
        _expected = B12Workload.Expected(Workload, count);
    }

    private async Task RunPipeline(string method)
    {
        CaseMetrics metrics = Begin(method);
        B12Checksum checksum = await _pipeline!.RunAsync(_inputs).ConfigureAwait(false);
        checksum.Verify(_expected, $"B12 {method} {Workload}");
        metrics.AddMedian(CaseMetrics.Operations, _inputs.Length);
    }

    private void RunFloor(string method, int framedBatch)
    {
        CaseMetrics metrics = Begin(method);
        (double nanoseconds, B12Checksum checksum) = _floor!.Run(Workload, Messages, framedBatch);
        checksum.Verify(_expected, $"B12 {method} {Workload}");
        metrics.AddMedian(CaseMetrics.Operations, Messages);
        metrics.AddMedian(B12Config.PythonRate, Messages / (nanoseconds / 1e9));
    }

    private void RunDirect(string method, bool batched)
    {
        CaseMetrics metrics = Begin(method);
        var checksum = new B12Checksum();
        if (batched)
        {
            _direct!.RunBatched(_inputs, BatchActor.DefaultMaxBatchSize, ref checksum);
        }
        else
        {
            _direct!.RunPerMessage(_inputs, ref checksum);
        }

        checksum.Verify(_expected, $"B12 {method} {Workload}");
        metrics.AddMedian(CaseMetrics.Operations, _inputs.Length);
    }

    private CaseMetrics Begin(string method)
    {
        if (!_metrics.TryGetValue(method, out CaseMetrics? metrics))
        {
            _metrics[method] = metrics = CaseMetrics.For(this, method);
        }

        metrics.BeginInvocation();
        return metrics;
    }
}
