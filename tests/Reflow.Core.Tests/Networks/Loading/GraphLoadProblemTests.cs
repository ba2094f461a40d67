using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Loading;

/// <summary>A graph that cannot become a network fails as a whole, every problem listed with its place, and nothing runs.</summary>
public sealed class GraphLoadProblemTests
{
    [Fact]
    public void Unknown_components_and_ports_type_mismatches_and_unfed_required_ports_are_listed_together()
    {
        using var files = new TempDirectory();
        string path = files.Write("broken.fbp", """
            numbers(test/Numbers) OUT -> IN ghost(test/Missing)
            words(test/Words) OUT -> IN scale(test/Scale)
            numbers OUT -> NOPE scale
            needs(test/Needs)
            """);
        var components = new LoaderComponents();

        GraphLoadException error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.LoadFile(path, components.CreateRegistry()));

        Assert.Equal(
            [
                "UnknownComponent at node 'ghost'",
                "TypeMismatch at connection words.out -> scale.in",
                "UnknownPort at connection numbers.out -> scale.nope",
                "UnconnectedRequiredPort at node 'needs'",
            ],
            error.Errors.Select(p => $"{p.Code} at {p.Location}"));
        Assert.StartsWith(path + " cannot be loaded into a network (4 errors):", error.Message, StringComparison.Ordinal);
        Assert.Contains("- Error UnknownPort at connection numbers.out -> scale.nope: the component 'test/Scale' of node 'scale' has no in-port 'nope' (its in-ports: in, factor)", error.Message, StringComparison.Ordinal);
        Assert.Contains("an out-port of type string cannot feed an in-port of type integer", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Problems, p => p.Code == GraphProblemCodes.OrphanNode && p.Location == "node 'needs'"); // warnings are kept too
        Assert.Equal(0, components.ActorsCreated);
    }

    [Fact]
    public void Problems_the_network_builder_finds_are_reported_with_their_place()
    {
        var graph = new Graph();
        graph.AddNode("numbers", "test/Numbers", GraphMetadata.Parse("""{"env_vars": {"REFLOW_TEST_UNSET": "required"}}"""));
        graph.AddNode("collect", "test/Collect");
        graph.Connect("numbers", "out", "collect", "in");

        GraphLoadException error = Assert.Throws<GraphLoadException>(() =>
            GraphNetworkLoader.Load(graph, new LoaderComponents().CreateRegistry(), new GraphLoadOptions { EnvironmentVariables = _ => null }));

        GraphProblem problem = Assert.Single(error.Errors);
        Assert.Equal((GraphLoadProblemCodes.InvalidNetwork, "network node 'numbers'", "environment variable 'REFLOW_TEST_UNSET' is required but not set"),
            (problem.Code, problem.Location, problem.Message));
        Assert.IsType<NetworkValidationException>(error.InnerException);
    }

    [Fact]
    public void Values_the_runtime_cannot_take_are_errors()
    {
        Graph graph = LoaderComponents.NumbersIntoScale(GraphMetadata.Parse("""{"capacity": 0, "elastic": "yes"}"""));
        graph.AddInitial("collect", "Value", JsonValues.Parse("1e400"));

        GraphLoadException error = Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.Load(graph, new LoaderComponents().CreateRegistry()));

        Assert.Equal(
            [
                (GraphLoadProblemCodes.InvalidEdgeSettings, "connection numbers.out -> scale.in"),
                (GraphLoadProblemCodes.InvalidValue, "IIP -> collect.Value"),
            ],
            error.Errors.Select(p => (p.Code, p.Location)));
        Assert.Equal(
            "the metadata 'capacity' must be a whole number from 1 to 2147483647, not 0; the metadata 'elastic' must be true or false, not \"yes\"",
            error.Errors.First().Message);
        Assert.Contains("the graph cannot be loaded into a network (2 errors)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_file_that_is_not_valid_fails_with_its_format_error()
    {
        using var files = new TempDirectory();
        string path = files.Write("bad.fbp", "a(A) OUT -> \n");

        GraphFormatException error = Assert.Throws<GraphFormatException>(() => GraphNetworkLoader.LoadFile(path, new ComponentRegistry()));

        Assert.Equal(path, error.FileName);
    }
}
