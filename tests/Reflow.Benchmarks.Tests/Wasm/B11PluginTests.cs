using Reflow.Benchmarks.Wasm;
using Reflow.Messages;

namespace Reflow.Benchmarks.Tests.Wasm;

/// <summary>B11's plugins and checksum: the identities give back every message as it came, and a wrong answer shows.</summary>
public sealed class B11PluginTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "reflow-b11-tests-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void JsonIdentityAnswersEveryKindOfMessageUnchanged(bool bytewise)
    {
        // Messages whose JSON has braces, brackets, quotes and backslashes inside strings: the scan must skip them.
        Message[] inputs =
        [
            Message.Integer(-42), Message.String("a \"quoted\" } ] \\ text {"), Message.String(""), Message.Float(2.5), Message.Null,
            Message.Object(new("x", Message.Array(Message.Integer(1), Message.String("}{"))), new("y", Message.Boolean(true))),
            Message.Bytes([1, 2, 3, 255]),
        ];
        using var calls = new WasmEngineCalls(B11Plugins.Write(_directory, "identity", B11Plugins.JsonIdentity(bytewise: bytewise)));
        var emitted = new List<Message>();
        calls.Record = emitted;

        calls.Run(inputs);

        Assert.Equal(inputs, emitted);
        calls.Record = null;
        calls.Run(B11Workload.Inputs(B11Workload.Text, 100));
        Assert.Equal(B11Checksum.Of(B11Workload.Inputs(B11Workload.Text, 100)), calls.Checksum);
    }

    [Fact]
    public async Task JsonIdentityPipelineGivesTheSourcesChecksumRunAfterRun()
    {
        var pipeline = new WasmPipeline(B11Plugins.Write(_directory, "identity", B11Plugins.JsonIdentity()));
        Message[] inputs = B11Workload.Inputs(B11Workload.Integer, 500);

        B11Checksum first = await pipeline.RunAsync(inputs);
        B11Checksum second = await pipeline.RunAsync(inputs[..10]);

        Assert.Equal(B11Checksum.Of(inputs), first);
        Assert.Equal(B11Checksum.Of(inputs[..10]), second);
        Assert.Equal(500 * 499 / 2, first.Integers);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BatchIdentityForwardsEveryKindOfMessageUnchanged(bool keepInstance)
    {
        Message[] inputs =
        [
            Message.Integer(long.MinValue), Message.String("a \"quoted\" } text"), Message.Float(-0.25), Message.Null, Message.Boolean(true),
            Message.Object(new KeyValuePair<string, Message>("x", Message.Array(Message.Integer(1), Message.String("y")))), Message.Bytes([0, 255]),
        ];
        using var calls = new WasmEngineCalls(B11Plugins.Write(_directory, "batch", B11Plugins.BatchIdentity(keepInstance)));
        var emitted = new List<Message>();
        calls.Record = emitted;

        calls.Run(inputs);
        calls.Run(inputs);

        Assert.Equal([.. inputs, .. inputs], emitted);
    }

    [Theory]
    [InlineData(false, B11Workload.Integer)]
    [InlineData(true, B11Workload.Text)]
    public async Task BatchIdentityPipelineGivesTheSourcesChecksum(bool keepInstance, string workload)
    {
        // More messages than one batch (1024 by default), so that several batches and a partial one pass.
        var pipeline = new WasmPipeline(B11Plugins.Write(_directory, "batch", B11Plugins.BatchIdentity(keepInstance)));
        Message[] inputs = B11Workload.Inputs(workload, 5000);

        B11Checksum sum = await pipeline.RunAsync(inputs);

        Assert.Equal(B11Checksum.Of(inputs), sum);
    }

    [Fact]
    public async Task KeptJsonIdentityPipelineGivesTheSourcesChecksum()
    {
        var pipeline = new WasmPipeline(B11Plugins.Write(_directory, "identity-kept", B11Plugins.JsonIdentity(keepInstance: true)));
        Message[] inputs = B11Workload.Inputs(B11Workload.Text, 2000);

        Assert.Equal(B11Checksum.Of(inputs), await pipeline.RunAsync(inputs));
    }

    [Fact]
    public void TrivialPluginEmitsNothing()
    {
        using var calls = new WasmEngineCalls(B11Plugins.Write(_directory, "trivial", B11Plugins.JsonTrivial()));

        calls.Run(B11Workload.Inputs(B11Workload.Integer, 20));

        Assert.Equal(0, calls.Checksum.Count);
    }

    [Fact]
    public void ChecksumShowsAnAlteredString()
    {
        B11Checksum expected = B11Checksum.Of([Message.String("item-12")]);
        B11Checksum swapped = B11Checksum.Of([Message.String("item-21")]);

        var error = Assert.Throws<InvalidOperationException>(() => swapped.Verify(expected, "case"));

        Assert.Contains("sink:   count 1", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(expected, swapped);
    }

    [Fact]
    public void UnknownWorkloadIsRefusedWithTheExpectedNames()
    {
        var error = Assert.Throws<ArgumentException>(() => B11Workload.Input("float", 1));

        Assert.Contains("expected 'integer' or 'string'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
