using Reflow.Benchmarks.Components;

namespace Reflow.Benchmarks.Tests.Components;

/// <summary>The hot-path suite on NetworkBenchmark: every path moves every message, and a count that does not add up stops the benchmark.</summary>
public sealed class ComponentHotPathBenchmarkTests
{
    [Theory]
    [InlineData("core/Repeat")]
    [InlineData("flow/Fork")]
    [InlineData("flow/Merge")]
    [InlineData("math/Add")]
    [InlineData("chain")]
    public async Task Each_path_moves_every_message_from_source_to_sink_in_every_iteration(string path)
    {
        var suite = new ComponentHotPathBenchmarks { Path = path, Messages = 1000 };
        for (int iteration = 0; iteration < 2; iteration++) // a network runs once: each iteration builds its own
        {
            suite.BuildNetwork();
            Assert.Equal(1000, await suite.Run());
            suite.DisposeNetwork();
        }
    }

    [Fact]
    public async Task A_sink_count_other_than_expected_fails_the_invocation()
    {
        var suite = new ExpectingOneMore { Path = "core/Repeat", Messages = 1000 };
        suite.BuildNetwork();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(suite.Run);

        Assert.Contains("the sink received 1000 of 1001 messages, with 0 error(s)", failure.Message, StringComparison.Ordinal);
        suite.DisposeNetwork();
    }

    private sealed class ExpectingOneMore : ComponentHotPathBenchmarks
    {
        protected override long ExpectedAtSink => Messages + 1;
    }
}
