using Reflow.Networks;
using Reflow.Tests.Networks.Loading;

namespace Reflow.Tests.Networks.Streams;

/// <summary>Brackets and closing cross subgraph boundaries (a subgraph's exported ports) like any message.</summary>
public sealed class SubgraphStreamTests
{
    // main.fbp → group.fbp, whose exported ports lead to a relay that logs and a counter that emits per group and at the end.
    private const string Main = """
        source(test/Emitting) OUT -> IN inner(group) OUT -> IN after(test/StreamRelay)
        """;

    private const string Group = """
        INPORT=seen.IN:IN
        OUTPORT=count.OUT:OUT
        seen(test/InnerRelay) OUT -> IN count(test/StreamCounter)
        """;

    [Fact]
    public async Task Brackets_and_the_end_of_the_stream_pass_into_and_out_of_a_subgraph_in_order()
    {
        using var files = new TempDirectory();
        files.Write("group.fbp", Group);
        string main = files.Write("main.fbp", Main);
        var log = new StreamLog();
        ComponentRegistry registry = new ComponentRegistry()
            .Add(StreamSources.Emitting([.. StreamSources.Group("x", 1, 2), .. StreamSources.Range(3, 5)]))
            .Add(log.Relay())
            .Add(log.Relay("test/InnerRelay"))
            .Add(log.Counter());

        NetworkDefinition definition = GraphNetworkLoader.LoadFile(main, registry);
        await LoaderComponents.Run(definition);

        Assert.Equal(["<x", "1", "2", "x>", "3", "4", "5", "closed in", "end", "stop"], log.Of("inner/seen"));
        Assert.Equal(["<x", "2", "x>", "3", "closed in", "end", "stop"], log.Of("after"));
    }
}
