using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Testing.Tests;

/// <summary>Graphs given as FBP text or as a built network run like a single component: inputs per exported in-port, outputs per exported out-port.</summary>
public sealed class GraphRunTests
{
    [Fact]
    public async Task A_graph_in_fbp_text_runs_from_its_exported_ports()
    {
        TestRun run = await ReflowTest.FbpGraph("""
            INPORT=first.in:numbers
            OUTPORT=second.out:results
            first(core/Repeat) out -> in second(core/Repeat)
            """)
            .WithInput("numbers", 1, 2, 3)
            .RunAsync();

        run.Output("results").ShouldBe(1, 2, 3);
        run.ShouldHaveNoFailures().ShouldLoseNothing();
        Assert.Equal(3, run.Node("second").Invocations);
    }

    [Fact]
    public async Task A_built_network_runs_to_the_end_and_a_lost_output_is_caught()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("repeat", ReflowTestComponents.Repeat)
            .ExportInPort("in", "repeat", "in")
            .ExportOutPort("out", "repeat", "out")
            .Build();

        TestRun run = await ReflowTest.Network(definition).WithInput("in", [Message.String("a"), Message.String("b")]).RunAsync();

        run.Output("out").ShouldBe("a", "b");
        run.ShouldLoseNothing();
        var lost = NoLoss.Check(run.Result, run.Sent, new Dictionary<string, long> { ["out"] = 1 }); // as if the host had dropped one
        Assert.Equal(["out-port 'out': 2 reached it, the test read 1"], lost);
    }
}
