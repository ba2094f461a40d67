using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// B10 (issue 17): the same two JavaScript functions — <c>js/identity.mjs</c> (Integers unchanged) and
/// <c>js/transform.mjs</c> (<c>{id, name, price, tags[]}</c> → <c>{id, label, total, n}</c>) — over the same N messages
/// (<see cref="B10Workload"/>; 100 000 at full scale), side by side in one run:
/// <list type="bullet">
/// <item><c>Reflow</c> / <c>ReflowBatch</c>: a native source → the script as a <c>script/javascript</c> node → a native sink,
/// through a <see cref="Network"/> with the JavaScript pool at one thread; the script's <c>process</c>, or its
/// <c>processBatch</c> variant (<c>js/*-batch.mjs</c>) (<see cref="ReflowScriptPipeline"/>);</item>
/// <item><c>Jint</c>: the function called directly on one Jint engine, no network (<see cref="JintDirectRunner"/>): the ceiling of the Reflow rows;</item>
/// <item><c>V8</c>: the same on V8 through ClearScript, values converted in and out as a host would (<see cref="V8Direct"/>);</item>
/// <item><c>Node</c> / <c>NodeJson</c>: Node.js running the function over the messages, as JS values or as JSON text in and out (<see cref="NodeRunner"/>).</item>
/// </list>
/// Every invocation folds what came out into a <see cref="B10Checksum"/> and fails unless it is the expected one. The
/// messages are made once, before any timing. Figures: messages per second and managed bytes per message (B10Config).
/// </summary>
[Config(typeof(B10Config))]
public class B10Scripting
{
    private readonly Dictionary<string, CaseMetrics> _metrics = new(StringComparer.Ordinal);
    private Message[] _inputs = [];
    private B10Checksum _expected;
    private ReflowScriptPipeline? _reflow;
    private JintDirectRunner? _jint;
    private V8Direct? _v8;
    private NodeRunner? _node;

    /// <summary>Which function the messages go through.</summary>
    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = B10Workload.Identity;

    /// <summary>The two workloads.</summary>
    public static IEnumerable<string> Workloads => B10Workload.All;

    /// <summary>Messages per invocation at the current <see cref="BenchScale"/>.</summary>
    public static int DefaultMessages => BenchScale.Pick(100_000, 20_000, 500);

    /// <summary>Messages per invocation (<see cref="DefaultMessages"/>; the tests' dry runs set fewer).</summary>
    public int Messages { get; init; } = DefaultMessages;

    [GlobalSetup(Target = nameof(Reflow))]
    public void SetUpReflow()
    {
        SetUpMessages();
        _reflow = new ReflowScriptPipeline(B10Workload.ScriptPath(Workload));
    }

    [GlobalSetup(Target = nameof(ReflowBatch))]
    public void SetUpReflowBatch()
    {
        SetUpMessages();
        _reflow = new ReflowScriptPipeline(B10Workload.ScriptPath(Workload, batch: true));
    }

    [GlobalSetup(Target = nameof(Jint))]
    public void SetUpJint()
    {
        SetUpMessages();
        _jint = new JintDirectRunner(B10Workload.ScriptPath(Workload));
    }

    [GlobalSetup(Target = nameof(V8))]
    public void SetUpV8()
    {
        SetUpMessages();
        _v8 = new V8Direct(B10Workload.ScriptPath(Workload));
    }

    [GlobalSetup(Targets = [nameof(Node), nameof(NodeJson)])]
    public void SetUpNode()
    {
        _expected = B10Checksum.Expected(Workload, Messages);
        _node = new NodeRunner();
    }

    /// <summary>(a) The script's <c>process</c> in a network, one message per call.</summary>
    [Benchmark]
    public Task Reflow() => RunReflow(nameof(Reflow));

    /// <summary>(a) The script's <c>processBatch</c> in a network, one run of messages per call.</summary>
    [Benchmark]
    public Task ReflowBatch() => RunReflow(nameof(ReflowBatch));

    /// <summary>(d) The function on one Jint engine, called once per message with no network around it.</summary>
    [Benchmark]
    public void Jint() => Pass(nameof(Jint), (string workload, Message[] inputs, ref B10Checksum sum) => _jint!.Run(workload, inputs, ref sum));

    /// <summary>(b) The function on V8 (ClearScript), called once per message from C#.</summary>
    [Benchmark]
    public void V8() => Pass(nameof(V8), (string workload, Message[] inputs, ref B10Checksum sum) => _v8!.Run(workload, inputs, ref sum));

    /// <summary>(c) Node.js over the messages as JS values.</summary>
    [Benchmark]
    public void Node() => RunNode(nameof(Node), "native");

    /// <summary>(c) Node.js over the messages as JSON text in and out.</summary>
    [Benchmark]
    public void NodeJson() => RunNode(nameof(NodeJson), "json");

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (CaseMetrics metrics in _metrics.Values)
        {
            metrics.Flush();
        }

        _jint?.Dispose();
        _v8?.Dispose();
        _node?.Dispose();
        (_reflow, _jint, _v8, _node) = (null, null, null, null);
    }

    private delegate void Runner(string workload, Message[] inputs, ref B10Checksum checksum);

    private void SetUpMessages()
    {
        _inputs = B10Workload.Inputs(Workload, Messages);
        _expected = B10Checksum.Expected(Workload, Messages);
    }

    private void Pass(string method, Runner run)
    {
        CaseMetrics metrics = Begin(method);
        var checksum = new B10Checksum();
        run(Workload, _inputs, ref checksum);
        checksum.Verify(_expected, $"B10 {method} {Workload}");
        metrics.AddMedian(CaseMetrics.Operations, Messages);
    }

    private async Task RunReflow(string method)
    {
        CaseMetrics metrics = Begin(method);
        B10Checksum checksum = await _reflow!.RunAsync(Workload, _inputs).ConfigureAwait(false);
        checksum.Verify(_expected, $"B10 {method} {Workload}");
        metrics.AddMedian(CaseMetrics.Operations, Messages);
    }

    private void RunNode(string method, string mode)
    {
        CaseMetrics metrics = Begin(method);
        (double milliseconds, B10Checksum checksum) = _node!.Run(B10Workload.ScriptPath(Workload), Workload, Messages, mode);
        checksum.Verify(_expected, $"B10 {method} {Workload} (node {_node.Version})");
        metrics.AddMedian(CaseMetrics.Operations, Messages);
        metrics.AddMedian("engine msg/s", Messages / (milliseconds / 1e3));
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
