using Reflow.Benchmarks.Python;
using Reflow.Messages;

namespace Reflow.Benchmarks.Tests.Python;

/// <summary>B12's messages and checksum: the floor's Python fold equals the C# one, and a wrong answer shows.</summary>
public sealed class B12WorkloadTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "reflow-b12-tests-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(B12Workload.Integer, 0)]
    [InlineData(B12Workload.Text, 0)]
    [InlineData(B12Workload.Transform, 0)]
    [InlineData(B12Workload.Integer, 128)]
    [InlineData(B12Workload.Text, 7)] // 1000 is not a multiple of 7: the last batch is partial
    [InlineData(B12Workload.Transform, 128)]
    public void FloorComputesTheExpectedChecksumInPython(string workload, int framedBatch)
    {
        using var floor = new PythonFloor(PythonInterpreter.Require());

        (double nanoseconds, B12Checksum checksum) = floor.Run(workload, 1000, framedBatch);

        Assert.Equal(B12Workload.Expected(workload, 1000), checksum);
        Assert.Equal(1000, checksum.Count);
        Assert.True(nanoseconds > 0);
    }

    [Fact]
    public void TransformExpectationIsTheDocumentedShape()
    {
        B12Checksum expected = B12Workload.Expected(B12Workload.Transform, 3);
        B12Checksum byHand = new();
        byHand.Add(Message.Object(new("id", Message.Integer(0)), new("name", Message.String("ITEM0")), new("total", Message.Float(0.0))));
        byHand.Add(Message.Object(new("id", Message.Integer(1)), new("name", Message.String("ITEM1")), new("total", Message.Float(1.8))));
        byHand.Add(Message.Object(new("id", Message.Integer(2)), new("name", Message.String("ITEM2")), new("total", Message.Float(3.6))));

        Assert.Equal(byHand, expected);
        Assert.Equal(0 + 180 + 360, expected.Cents);
        Assert.Equal(0 + 1 + 2, expected.Ids);
    }

    [Fact]
    public void ChecksumShowsANameThatWasNotUpperCased()
    {
        B12Checksum expected = B12Workload.Expected(B12Workload.Transform, 2);
        var lower = new B12Checksum();
        lower.Add(Message.Object(new("id", Message.Integer(0)), new("name", Message.String("ITEM0")), new("total", Message.Float(0.0))));
        lower.Add(Message.Object(new("id", Message.Integer(1)), new("name", Message.String("item1")), new("total", Message.Float(1.8))));

        var error = Assert.Throws<InvalidOperationException>(() => lower.Verify(expected, "case"));

        Assert.Contains("expected: count 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnbatchedScriptIsTheSameFunctionWithBatchingOff()
    {
        string path = B12Workload.UnbatchedScriptPath(B12Workload.Transform, _directory);

        string original = File.ReadAllText(B12Workload.ScriptPath(B12Workload.Transform));
        string unbatched = File.ReadAllText(path);
        Assert.Contains("\"batch\": False,", unbatched, StringComparison.Ordinal);
        Assert.Equal(original.Replace("\"batch\": True,", "\"batch\": False,", StringComparison.Ordinal), unbatched);
    }

    [Fact]
    public void UnknownWorkloadIsRefusedWithTheExpectedNames()
    {
        var error = Assert.Throws<ArgumentException>(() => B12Workload.Input("float", 1));

        Assert.Contains("expected 'integer', 'string' or 'transform'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
