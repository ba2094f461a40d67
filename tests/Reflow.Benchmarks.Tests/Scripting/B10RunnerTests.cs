using Reflow.Benchmarks.Scripting;
using Reflow.Messages;

namespace Reflow.Benchmarks.Tests.Scripting;

/// <summary>B10's engines and its checksum: every engine answers what the workload's function computes, and a wrong answer shows.</summary>
public sealed class B10RunnerTests
{
    private const int Count = 300;

    [Fact]
    public void ExpectedChecksumOfTheTransformIsTheFunctionAppliedByHand()
    {
        // Messages 0..3: names sensor-0, valve-1, pump-2, meter-3; prices 0.5, 0.75, 1.0, 1.25; 0, 1, 2, 3 tags.
        B10Checksum sum = B10Checksum.Expected(B10Workload.Transform, 4);

        Assert.Equal(4, sum.Count);
        Assert.Equal(6, sum.Ids);
        Assert.Equal(6, sum.Ns);
        Assert.Equal(3.5 * 1.2, sum.Totals, 9);
        long codes = 0;
        foreach (char c in "SENSOR-0VALVE-1PUMP-2METER-3")
        {
            codes += c;
        }

        Assert.Equal(codes, sum.LabelCodes);
        Assert.Equal(B10Workload.Input(B10Workload.Transform, 3), MessageJson.Parse("""{"id":3,"name":"meter-3","price":1.25,"tags":["red","green","blue"]}"""));
    }

    [Theory]
    [InlineData("identity", false)]
    [InlineData("identity", true)]
    [InlineData("transform", false)]
    [InlineData("transform", true)]
    public async Task ReflowPipelineAnswersTheExpectedChecksumRunAfterRun(string workload, bool batch)
    {
        var pipeline = new ReflowScriptPipeline(B10Workload.ScriptPath(workload, batch));
        Message[] inputs = B10Workload.Inputs(workload, Count);

        B10Checksum first = await pipeline.RunAsync(workload, inputs);
        B10Checksum second = await pipeline.RunAsync(workload, inputs[..10]);

        Assert.Equal(B10Checksum.Expected(workload, Count), first);
        Assert.Equal(B10Checksum.Expected(workload, 10), second); // a fresh network and a fresh count per run
    }

    [Theory]
    [InlineData("identity")]
    [InlineData("transform")]
    public void JintDirectAnswersTheExpectedChecksum(string workload)
    {
        using var jint = new JintDirectRunner(B10Workload.ScriptPath(workload));
        var sum = new B10Checksum();

        jint.Run(workload, B10Workload.Inputs(workload, Count), ref sum);

        Assert.Equal(B10Checksum.Expected(workload, Count), sum);
    }

    [Theory]
    [InlineData("identity")]
    [InlineData("transform")]
    public void V8AnswersTheExpectedChecksum(string workload)
    {
        using var v8 = new V8Direct(B10Workload.ScriptPath(workload));
        var sum = new B10Checksum();

        v8.Run(workload, B10Workload.Inputs(workload, Count), ref sum);

        Assert.Equal(B10Checksum.Expected(workload, Count), sum);
    }

    [Theory]
    [InlineData("identity", "native")]
    [InlineData("identity", "json")]
    [InlineData("transform", "native")]
    [InlineData("transform", "json")]
    public void NodeAnswersTheExpectedChecksum(string workload, string mode)
    {
        Assert.True(NodeRunner.Find() is not null, "node is a prerequisite of this repository (README); B10's Node rows need it");
        using var node = new NodeRunner();

        (double milliseconds, B10Checksum sum) = node.Run(B10Workload.ScriptPath(workload), workload, Count, mode);

        Assert.Equal(B10Checksum.Expected(workload, Count), sum);
        Assert.True(milliseconds > 0);
        Assert.StartsWith("v", node.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void ChecksumRejectsTheWrongFunction()
    {
        // The identity function over the transform's messages: the objects come back whole, without label, total or n.
        using var jint = new JintDirectRunner(B10Workload.ScriptPath(B10Workload.Identity));
        var sum = new B10Checksum();

        var error = Assert.Throws<InvalidOperationException>(() => jint.Run(B10Workload.Transform, B10Workload.Inputs(B10Workload.Transform, 3), ref sum));

        Assert.Contains("unexpected output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChecksumVerifyNamesBothSidesOfADifference()
    {
        B10Checksum expected = B10Checksum.Expected(B10Workload.Identity, 10);
        B10Checksum short1 = B10Checksum.Expected(B10Workload.Identity, 9);

        var error = Assert.Throws<InvalidOperationException>(() => short1.Verify(expected, "case"));

        Assert.Contains("count 9, integers 36", error.Message, StringComparison.Ordinal);
        Assert.Contains("count 10, integers 45", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownWorkloadIsRefusedWithTheExpectedNames()
    {
        var error = Assert.Throws<ArgumentException>(() => B10Workload.ScriptPath("echo"));

        Assert.Contains("expected 'identity' or 'transform'", error.Message, StringComparison.Ordinal);
    }
}
