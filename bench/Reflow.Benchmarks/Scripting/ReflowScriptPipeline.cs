using Reflow.Benchmarks.Infrastructure;
using Reflow.Components;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.JavaScript;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// B10 row (a): a native source → the workload's script as a <c>script/javascript</c> node → a native sink
/// (<see cref="ScriptNodePipeline{TFold}"/>, through <c>AddStandardComponents().AddJavaScript()</c>), the JavaScript
/// pool at one thread; the sink folds what arrives into a <see cref="B10Checksum"/>.
/// </summary>
public sealed class ReflowScriptPipeline
{
    /// <summary>The JavaScript runtime's execution pool.</summary>
    public const string Pool = "javascript";

    private readonly ScriptNodePipeline<Fold> _pipeline;

    /// <summary>Loads the pipeline around <paramref name="scriptPath"/>.</summary>
    public ReflowScriptPipeline(string scriptPath) =>
        _pipeline = new ScriptNodePipeline<Fold>("b10", new ComponentRegistry().AddStandardComponents().AddJavaScript(), "script/javascript", scriptPath, Pool);

    /// <summary>Runs <paramref name="inputs"/> through a fresh network and returns the checksum of what reached the sink.</summary>
    /// <exception cref="InvalidOperationException">The network reported errors.</exception>
    public async Task<B10Checksum> RunAsync(string workload, Message[] inputs) =>
        (await _pipeline.RunAsync(inputs, new Fold { Workload = workload }).ConfigureAwait(false)).Checksum;

    /// <summary>B10's checksum folds each message by the workload's rules.</summary>
    private struct Fold : IMessageFold
    {
        public string Workload;
        public B10Checksum Checksum;

        public void Add(in Message message) => Checksum.Add(Workload, message);
    }
}
