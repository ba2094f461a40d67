using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Messages;

namespace Reflow.Benchmarks.Wasm;

/// <summary>
/// B11 (issue 18): a native source → a WebAssembly identity plugin → a native sink over N messages
/// (<see cref="B11Workload"/>: Integers, or short Strings), through a <see cref="Reflow.Networks.Network"/> with the
/// <c>wasm</c> pool at one thread (<see cref="WasmPipeline"/>), side by side in one run:
/// <list type="bullet">
/// <item><c>Json</c>: the Extism-compatible JSON ABI, <see cref="B11Plugins.JsonIdentity"/>: one <c>process</c> call per
/// message, each on a fresh instance; <c>JsonKept</c>: the same plugin opting in to <c>keep_instance</c> (one instance per node);</item>
/// <item><c>Batch</c>: the batch binary ABI (v1), <see cref="B11Plugins.BatchIdentity"/>: one <c>reflow_process</c> call per
/// run of messages the batch actor hands over (up to the default 1024), each on a fresh instance; <c>BatchKept</c>: with
/// <c>keep_instance</c>;</item>
/// <item><c>Instantiation</c>: the cost of one call on a fresh instance: <see cref="B11Plugins.JsonTrivial"/> (does
/// nothing) called once per message through its engine with no network (<see cref="WasmEngineCalls"/>); its msg/s are
/// calls/s. <c>InstantiationBatch</c>: the batch identity the same way, a batch of one message per call.</item>
/// </list>
/// Every invocation checks that the sink's count and checksum equal the source's. The messages and the plugins
/// (compiled from WAT at set-up, <see cref="B11Plugins.Write"/>) are made before any timing.
/// </summary>
[Config(typeof(B11Config))]
public class B11Wasm
{
    private readonly Dictionary<string, CaseMetrics> _metrics = new(StringComparer.Ordinal);
    private readonly string _plugins = Path.Combine(Path.GetTempPath(), $"reflow-b11-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private Message[] _inputs = [];
    private B11Checksum _expected;
    private WasmPipeline? _pipeline;
    private WasmEngineCalls? _calls;

    /// <summary>Which messages go through.</summary>
    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = B11Workload.Integer;

    /// <summary>The two workloads.</summary>
    public static IEnumerable<string> Workloads => B11Workload.All;

    /// <summary>Messages per invocation of the JSON ABI cases at the current <see cref="BenchScale"/>.</summary>
    public static int DefaultJsonMessages => BenchScale.Pick(20_000, 5_000, 300);

    /// <summary>Messages per invocation of the batch ABI cases at the current <see cref="BenchScale"/>.</summary>
    public static int DefaultBatchMessages => BenchScale.Pick(1_000_000, 200_000, 3000);

    /// <summary>Calls per invocation of <see cref="Instantiation"/>.</summary>
    public static int DefaultCalls => BenchScale.Pick(20_000, 5_000, 300);

    /// <summary>Messages per invocation of the JSON ABI cases (the tests' dry runs set fewer).</summary>
    public int JsonMessages { get; init; } = DefaultJsonMessages;

    /// <summary>Messages per invocation of the batch ABI cases (the tests' dry runs set fewer).</summary>
    public int BatchMessages { get; init; } = DefaultBatchMessages;

    /// <summary>Calls per invocation of <see cref="Instantiation"/> (the tests' dry runs set fewer).</summary>
    public int Calls { get; init; } = DefaultCalls;

    [GlobalSetup(Target = nameof(Json))]
    public void SetUpJson() => SetUpPipeline(JsonMessages, "json-identity", B11Plugins.JsonIdentity());

    [GlobalSetup(Target = nameof(JsonKept))]
    public void SetUpJsonKept() => SetUpPipeline(JsonMessages, "json-identity-kept", B11Plugins.JsonIdentity(keepInstance: true));

    [GlobalSetup(Target = nameof(Batch))]
    public void SetUpBatch() => SetUpPipeline(BatchMessages, "batch-identity", B11Plugins.BatchIdentity());

    [GlobalSetup(Target = nameof(BatchKept))]
    public void SetUpBatchKept() => SetUpPipeline(BatchMessages, "batch-identity-kept", B11Plugins.BatchIdentity(keepInstance: true));

    [GlobalSetup(Target = nameof(Instantiation))]
    public void SetUpInstantiation()
    {
        SetUpMessages(Calls);
        _calls = new WasmEngineCalls(B11Plugins.Write(_plugins, "json-trivial", B11Plugins.JsonTrivial()));
    }

    [GlobalSetup(Target = nameof(InstantiationBatch))]
    public void SetUpInstantiationBatch()
    {
        SetUpMessages(Calls);
        _calls = new WasmEngineCalls(B11Plugins.Write(_plugins, "batch-identity", B11Plugins.BatchIdentity()));
    }

    /// <summary>The JSON ABI identity in a network, a fresh instance per message.</summary>
    [Benchmark]
    public Task Json() => RunPipeline(nameof(Json));

    /// <summary>The JSON ABI identity in a network, one instance kept for the node (<c>keep_instance</c>).</summary>
    [Benchmark]
    public Task JsonKept() => RunPipeline(nameof(JsonKept));

    /// <summary>The batch ABI identity in a network, a fresh instance per batch.</summary>
    [Benchmark]
    public Task Batch() => RunPipeline(nameof(Batch));

    /// <summary>The batch ABI identity in a network, one instance kept for the node (<c>keep_instance</c>).</summary>
    [Benchmark]
    public Task BatchKept() => RunPipeline(nameof(BatchKept));

    /// <summary>One call of a plugin that does nothing, on a fresh instance, per message (no network).</summary>
    [Benchmark]
    public void Instantiation()
    {
        CaseMetrics metrics = Begin(nameof(Instantiation));
        _calls!.Run(_inputs);
        new B11Checksum().Verify(_calls.Checksum, $"B11 {nameof(Instantiation)} {Workload} (the trivial plugin emits nothing)");
        metrics.AddMedian(CaseMetrics.Operations, _inputs.Length);
    }

    /// <summary>One call of the batch identity on a fresh instance per message, a batch of one (no network).</summary>
    [Benchmark]
    public void InstantiationBatch()
    {
        CaseMetrics metrics = Begin(nameof(InstantiationBatch));
        _calls!.Run(_inputs);
        _calls.Checksum.Verify(_expected, $"B11 {nameof(InstantiationBatch)} {Workload}");
        metrics.AddMedian(CaseMetrics.Operations, _inputs.Length);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (CaseMetrics metrics in _metrics.Values)
        {
            metrics.Flush();
        }

        _calls?.Dispose();
        (_pipeline, _calls) = (null, null);
        if (Directory.Exists(_plugins))
        {
            Directory.Delete(_plugins, recursive: true);
        }
    }

    private void SetUpMessages(int count)
    {
        _inputs = B11Workload.Inputs(Workload, count);
        _expected = B11Checksum.Of(_inputs);
    }

    private void SetUpPipeline(int messages, string name, string wat)
    {
        SetUpMessages(messages);
        _pipeline = new WasmPipeline(B11Plugins.Write(_plugins, name, wat));
    }

    private async Task RunPipeline(string method)
    {
        CaseMetrics metrics = Begin(method);
        B11Checksum checksum = await _pipeline!.RunAsync(_inputs).ConfigureAwait(false);
        checksum.Verify(_expected, $"B11 {method} {Workload}");
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
