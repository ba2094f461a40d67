using System.Threading.Channels;
using Reflow.Components;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Distributed.Tests.Partitioning;

/// <summary>
/// The design rests on this: a part graph exports <c>_remote&lt;k&gt;</c> on a node port that also has ordinary
/// connections. An out-port then broadcasts to its local edge and the export; an in-port merges its local edge and
/// the export, and ends only when both have ended.
/// </summary>
public sealed class PartNetworkExportTests
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_out_port_with_a_local_connection_and_an_export_sends_every_message_to_both()
    {
        var graph = new Graph("fan-out part", caseSensitive: false);
        graph.AddNode("source", "core/Repeat");
        graph.AddNode("local", "core/Repeat");
        graph.Connect("source", "OUT", "local", "IN");
        graph.ExportInPort("in", "source", "IN");
        graph.ExportOutPort("_remote0", "source", "OUT");
        graph.ExportOutPort("out", "local", "OUT");

        await using Network network = Network.Create(Load(graph));
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<long>> remote = ReadAll(network.Output("_remote0"));
        Task<List<long>> local = ReadAll(network.Output("out"));
        for (long i = 0; i < 200; i++)
        {
            await network.SendAsync("in", Message.Integer(i));
        }

        network.CompleteInput("in");
        await run.WaitAsync(HangLimit);

        long[] expected = [.. Enumerable.Range(0, 200).Select(i => (long)i)];
        Assert.Equal(expected, await remote.WaitAsync(HangLimit));
        Assert.Equal(expected, await local.WaitAsync(HangLimit));
    }

    [Fact]
    public async Task An_in_port_with_a_local_connection_and_an_export_merges_both_and_ends_after_both()
    {
        var graph = new Graph("fan-in part", caseSensitive: false);
        graph.AddNode("before", "core/Repeat");
        graph.AddNode("sink", "core/Repeat");
        graph.Connect("before", "OUT", "sink", "IN");
        graph.ExportInPort("in", "before", "IN");
        graph.ExportInPort("_remote3", "sink", "IN");
        graph.ExportOutPort("out", "sink", "OUT");

        await using Network network = Network.Create(Load(graph));
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<long>> output = ReadAll(network.Output("out"));
        for (long i = 0; i < 100; i++)
        {
            await network.SendAsync("in", Message.Integer(i));
        }

        network.CompleteInput("in"); // the local side ends first: the remote side must still get through
        for (long i = 1000; i < 1100; i++)
        {
            await network.SendAsync("_remote3", Message.Integer(i));
        }

        network.CompleteInput("_remote3");
        await run.WaitAsync(HangLimit);

        List<long> received = await output.WaitAsync(HangLimit);
        Assert.Equal(200, received.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), received.Where(v => v < 1000)); // each input keeps its order
        Assert.Equal(Enumerable.Range(1000, 100).Select(i => (long)i), received.Where(v => v >= 1000));
    }

    private static NetworkDefinition Load(Graph graph) =>
        GraphNetworkLoader.Load(graph, new ComponentRegistry().AddStandardComponents());

    private static Task<List<long>> ReadAll(ChannelReader<Message> reader) => Task.Run(async () =>
    {
        var values = new List<long>();
        await foreach (Message message in reader.ReadAllAsync())
        {
            values.Add(message.AsInteger());
        }

        return values;
    });
}
