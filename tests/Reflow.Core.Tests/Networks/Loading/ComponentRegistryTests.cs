using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Graphs.Formats;
using Reflow.Graphs.Validation;
using Reflow.Networks;
using Reflow.Tests.Actors;

namespace Reflow.Tests.Networks.Loading;

/// <summary>The registry: names, duplicates, lookups, and its view as a validation catalog.</summary>
public sealed class ComponentRegistryTests
{
    private static Component Named(string name) => Component.FromFunc(new ComponentDescription(name, [new("in")], [new("out")]), _ => { });

    [Fact]
    public void Components_and_graphs_are_registered_by_case_sensitive_name_and_listed_in_order()
    {
        var graph = new Graph();
        ComponentRegistry registry = new ComponentRegistry()
            .Add(Named("core/Repeat"))
            .Add<AddActor>()
            .AddGraph("util/Pair", graph)
            .Add(Named("core/repeat"));

        Assert.Equal(["core/Repeat", "math/Add", "util/Pair", "core/repeat"], registry.Names);
        Assert.Equal(4, registry.Count);
        Assert.Equal("math/Add", registry.FindComponent("math/Add")!.Description.Name);
        Assert.Same(graph, registry.FindGraph("util/Pair"));
        Assert.Null(registry.FindComponent("util/Pair"));
        Assert.Null(registry.FindGraph("core/Repeat"));
        Assert.False(registry.Contains("Core/Repeat"));
        Assert.True(registry.Contains("util/Pair"));
    }

    [Fact]
    public void A_name_is_registered_once_whatever_it_names()
    {
        ComponentRegistry registry = new ComponentRegistry().Add(Named("core/Repeat")).AddGraph("util/Pair", new Graph());

        Assert.Equal(
            "The registry already has a component 'core/Repeat' (names are unique and case-sensitive). (Parameter 'name')",
            Assert.Throws<ArgumentException>(() => registry.Add(Named("core/Repeat"))).Message);
        Assert.Contains("already has a component 'core/Repeat'", Assert.Throws<ArgumentException>(() => registry.AddGraph("core/Repeat", new Graph())).Message, StringComparison.Ordinal);
        Assert.Contains("already has a graph 'util/Pair'", Assert.Throws<ArgumentException>(() => registry.Add(Named("util/Pair"))).Message, StringComparison.Ordinal);
        Assert.Contains("already has a graph 'util/Pair'", Assert.Throws<ArgumentException>(() => registry.AddGraphFile("util/Pair", "no-such-file.fbp")).Message, StringComparison.Ordinal);
        Assert.Equal(2, registry.Count);
    }

    [Fact]
    public void A_graph_file_is_read_when_it_is_registered()
    {
        using var files = new TempDirectory();
        string path = files.Write("pair.fbp", "INPORT=a.IN:IN\na(core/Repeat)\n");
        var registry = new ComponentRegistry();

        registry.AddGraphFile("util/Pair", path);

        Assert.Equal(["in"], registry.FindGraph("util/Pair")!.InPorts.Select(p => p.Name));
        Assert.Throws<GraphFormatException>(() => registry.AddGraphFile("util/Bad", files.Write("bad.fbp", "a(")));
        Assert.False(registry.Contains("util/Bad"));
    }

    [Fact]
    public void As_a_catalog_it_describes_components_by_their_ports_and_graphs_by_their_exported_ports()
    {
        Graph pair = FbpFormat.Read("""
            INPORT=add.A:LEFT
            INPORT=add.B:RIGHT
            INPORT=count.IN:TICK
            OUTPORT=add.SUM:SUM
            add(math/Add) SUM -> IN count(CountingActor)
            """);
        ComponentRegistry registry = new ComponentRegistry().Add<AddActor>().Add<CountingActor>().AddGraph("util/Pair", pair);

        ComponentPorts add = registry.Find("math/Add")!;
        Assert.Equal([new CatalogPort("a", "integer", Required: true), new CatalogPort("b", "integer", HasDefault: true)], add.InPorts);
        Assert.Equal([new CatalogPort("sum", "integer"), new CatalogPort("error", "error")], add.OutPorts);

        ComponentPorts graph = registry.Find("util/Pair")!;
        Assert.Equal("util/Pair", graph.Name);
        Assert.Equal(
            [new CatalogPort("left", "integer", Required: true), new CatalogPort("right", "integer", HasDefault: true), new CatalogPort("tick", "any")],
            graph.InPorts);
        Assert.Equal([new CatalogPort("sum", "integer")], graph.OutPorts);
        Assert.Null(registry.Find("math/add"));
    }

    [Fact]
    public void Graph_validation_checks_nodes_against_the_registry()
    {
        Graph graph = FbpFormat.Read("'x' -> LEFT pair(util/Pair) SUM -> IN sink(CountingActor)\nother(nope/Missing)\n");
        Graph pair = FbpFormat.Read("INPORT=add.A:LEFT\nOUTPORT=add.SUM:SUM\nadd(math/Add)\n");
        ComponentRegistry registry = new ComponentRegistry().Add<AddActor>().Add<CountingActor>().AddGraph("util/Pair", pair);

        GraphValidation validation = GraphValidator.Validate(graph, registry);

        Assert.Equal(
            [(GraphProblemCodes.UnknownComponent, "node 'other'"), (GraphProblemCodes.TypeMismatch, "IIP -> pair.left")],
            validation.Errors.Select(p => (p.Code, p.Location)));
    }
}
