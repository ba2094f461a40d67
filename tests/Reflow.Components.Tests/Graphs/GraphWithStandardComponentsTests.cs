using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Components.Tests.Graphs;

/// <summary>Graph files name standard components and configure them through node metadata; the loader resolves them from the registry.</summary>
public sealed class GraphWithStandardComponentsTests
{
    [Fact]
    public async Task A_NoFlo_JSON_graph_of_standard_components_loads_validates_and_runs()
    {
        const string Json = """
            {
              "processes": {
                "split": {"component": "flow/Split"},
                "even": {"component": "flow/Filter", "metadata": {"condition": "value % 2 == 0", "x": 10, "y": 20}},
                "square": {"component": "math/Power"},
                "sum": {"component": "data/Reduce", "metadata": {"expression": "acc + value"}},
                "collect": {"component": "flow/Collect", "metadata": {"count": 3}}
              },
              "connections": [
                {"data": 2, "tgt": {"process": "square", "port": "operand"}},
                {"src": {"process": "split", "port": "out"}, "tgt": {"process": "even", "port": "in"}},
                {"src": {"process": "even", "port": "passed"}, "tgt": {"process": "square", "port": "in"}},
                {"src": {"process": "square", "port": "out"}, "tgt": {"process": "collect", "port": "in"}},
                {"src": {"process": "collect", "port": "out"}, "tgt": {"process": "sum", "port": "in"}}
              ],
              "inports": {"numbers": {"process": "split", "port": "in"}},
              "outports": {"total": {"process": "sum", "port": "out"}, "odd": {"process": "even", "port": "failed"}}
            }
            """;
        Graph graph = GraphFile.Read(Json, GraphFormat.NoFloJson, "sum-of-even-squares.json");
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents();

        Assert.True(GraphNetworkLoader.Validate(graph, registry).IsValid);
        NetworkDefinition definition = GraphNetworkLoader.Load(graph, registry, new GraphLoadOptions { EnvironmentVariables = _ => null });
        await using Network network = Network.Create(definition);
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> totals = ComponentRun.ReadAll(network, "total");
        Task<List<Message>> odd = ComponentRun.ReadAll(network, "odd");
        await network.SendAsync("numbers", MessageJson.Parse("[1,2,3,4,5,6]"));
        network.CompleteInput("numbers");

        NetworkRunResult result = await run.WaitAsync(ComponentRun.HangLimit);
        Assert.Equal([4 + 16 + 36], (await totals).Select(m => m.AsInteger()));
        Assert.Equal([1, 3, 5], (await odd).Select(m => m.AsInteger()));
        Assert.Equal(0, result.Errors);
    }
}
