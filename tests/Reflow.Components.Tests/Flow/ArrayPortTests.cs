using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Flow;

/// <summary>flow/Fork and flow/Merge through their addressable ports, wired by index as FBP graphs do.</summary>
public sealed class ArrayPortTests
{
    private static async Task<(NetworkRunResult Result, Dictionary<string, List<Message>> Outputs)> RunAsync(
        NetworkBuilder builder, string[] outputs, params (string Port, Message[] Messages)[] inputs)
    {
        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 1 });
        Task<NetworkRunResult> run = network.RunAsync();
        var readers = outputs.ToDictionary(o => o, o => ComponentRun.ReadAll(network, o));
        foreach ((string port, Message[] messages) in inputs)
        {
            foreach (Message message in messages)
            {
                await network.SendAsync(port, message);
            }
        }

        network.CompleteInputs();
        NetworkRunResult result = await run.WaitAsync(ComponentRun.HangLimit);
        var read = new Dictionary<string, List<Message>>();
        foreach ((string output, Task<List<Message>> reading) in readers)
        {
            read[output] = await reading.WaitAsync(ComponentRun.HangLimit);
        }

        return (result, read);
    }

    [Fact]
    public async Task Fork_copies_to_every_connected_index_of_out_and_to_no_named_output_unless_asked()
    {
        NetworkBuilder builder = new NetworkBuilder()
            .AddNode("fork", ComponentRun.Find("flow/Fork"))
            .ExportInPort("in", "fork", "in")
            .ExportOutPort("first", "fork", "out", index: 0)
            .ExportOutPort("third", "fork", "out", index: 2);

        (NetworkRunResult result, var outputs) = await RunAsync(builder, ["first", "third"], ("in", Integers(1, 2, 3)));

        Assert.Equal([1, 2, 3], outputs["first"].Select(m => m.AsInteger()));
        Assert.Equal([1, 2, 3], outputs["third"].Select(m => m.AsInteger()));
        NodeStatistics fork = result.Nodes.Single(n => n.Id == "fork");
        Assert.Equal((3, 0, 0), (fork.Invocations, fork.Errors, fork.Dropped)); // out1 and out2 are not emitted on
    }

    [Fact]
    public async Task Fork_with_outputs_set_copies_to_the_numbered_and_the_named_ports()
    {
        NetworkBuilder builder = new NetworkBuilder()
            .AddNode("fork", ComponentRun.Find("flow/Fork"), MessageJson.Parse("""{"outputs":1}""").AsObject())
            .ExportInPort("in", "fork", "in")
            .ExportOutPort("numbered", "fork", "out")
            .ExportOutPort("named", "fork", "out1");

        (NetworkRunResult result, var outputs) = await RunAsync(builder, ["numbered", "named"], ("in", Strings("a", "b")));

        Assert.Equal(["a", "b"], outputs["numbered"].Select(m => m.AsString()));
        Assert.Equal(["a", "b"], outputs["named"].Select(m => m.AsString()));
        Assert.Equal(0, result.Nodes.Single(n => n.Id == "fork").Dropped);
    }

    [Fact]
    public async Task Merge_passes_on_what_arrives_on_any_index_of_in_keeping_each_inputs_order()
    {
        NetworkBuilder builder = new NetworkBuilder()
            .AddNode("merge", ComponentRun.Find("flow/Merge"))
            .ExportInPort("a", "merge", "in", index: 0)
            .ExportInPort("b", "merge", "in", index: 1)
            .ExportInPort("c", "merge", "in") // the next free index: 2
            .ExportInPort("named", "merge", "in3")
            .ExportOutPort("out", "merge", "out");

        (NetworkRunResult result, var outputs) = await RunAsync(
            builder, ["out"], ("a", Integers(1, 2)), ("b", Integers(10, 20)), ("c", Integers(100)), ("named", Integers(1000)), ("a", Integers(3)));

        long[] values = [.. outputs["out"].Select(m => m.AsInteger())];
        Assert.Equal(7, values.Length);
        Assert.Equal([1, 2, 3], values.Where(v => v < 10));
        Assert.Equal([10, 20], values.Where(v => v is >= 10 and < 100));
        Assert.Equal([100, 1000], values.Where(v => v >= 100).Order()); // two inputs: no order between them
        Assert.Equal(0, result.Nodes.Single(n => n.Id == "merge").Dropped);
    }
}
