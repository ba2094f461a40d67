using Reflow.Graphs;
using Reflow.Graphs.Formats;
using Reflow.Graphs.Validation;

namespace Reflow.Tests.Graphs;

public sealed class GraphValidatorTests
{
    private sealed class Catalog(params ComponentPorts[] components) : IComponentCatalog
    {
        public ComponentPorts? Find(string component) => components.FirstOrDefault(c => c.Name == component);
    }

    private static readonly Catalog s_catalog = new(
        new ComponentPorts("Numbers", [new CatalogPort("count", "integer", Required: true)], [new CatalogPort("out", "integer")]),
        new ComponentPorts("Scale", [new CatalogPort("in", "float"), new CatalogPort("factor", "option<integer>"), new CatalogPort("mode", "string", Required: true, HasDefault: true)], [new CatalogPort("out", "float")]),
        new ComponentPorts("Text", [new CatalogPort("in", "string", Required: true)], [new CatalogPort("out", "array<string>")]),
        new ComponentPorts("Sink", [new CatalogPort("in", "any")], []));

    [Fact]
    public void A_correct_graph_has_no_problems()
    {
        Graph graph = FbpFormat.Read("5 -> count n(Numbers) out -> in s(Scale) out -> in k(Sink)\n'x' -> in t(Text) out -> in k\n", caseSensitive: true);
        GraphValidation result = GraphValidator.Validate(graph, s_catalog);
        Assert.True(result.IsValid, result.ToString());
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void One_call_returns_every_problem_with_severity_code_location_and_message()
    {
        var graph = new Graph(caseSensitive: true);
        graph.AddNode("n", "Numbers");
        graph.AddNode("t", "Text");
        graph.AddNode("ghost", "Missing");
        graph.AddNode("s", "Scale");
        graph.AddNode("alone", "Sink");
        graph.Connect("n", "out", "t", "in");               // integer into string
        graph.Connect("n", "result", "s", "in");            // no out-port 'result'
        graph.Connect("t", "out", "ghost", "in");           // unknown component: its ports are not checked
        graph.AddInitial("s", "factor", JsonValues.String("2")); // string into option<integer>
        graph.AddInitial("s", "factor", JsonValues.Null);        // null fits an option
        graph.ExportInPort("start", "s", "nope");

        GraphValidation result = GraphValidator.Validate(graph, s_catalog);

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                "Error UnknownComponent node 'ghost'",
                "Error TypeMismatch connection n.out -> t.in",
                "Error UnknownPort connection n.result -> s.in",
                "Error TypeMismatch IIP -> s.factor",
                "Error UnknownPort exported in-port 'start'",
                "Warning UnconnectedRequiredPort node 'n'",
                "Warning OrphanNode node 'alone'",
            ],
            result.Problems.Select(p => $"{p.Severity} {p.Code} {p.Location}"));
        Assert.Contains("has no out-port 'result' (its out-ports: out)", result.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("cannot feed an in-port of type string", result.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_insensitive_graph_matches_component_ports_ignoring_case()
    {
        Graph graph = FbpFormat.Read("n(Numbers) OUT -> IN s(Scale)\n5 -> COUNT n\n");
        Assert.True(GraphValidator.Validate(graph, s_catalog).IsValid);

        Graph sensitive = FbpFormat.Read("n(Numbers) OUT -> IN s(Scale)\n5 -> COUNT n\n", caseSensitive: true);
        Assert.Equal(3, GraphValidator.Validate(sensitive, s_catalog).Problems.Count(p => p.Code == GraphProblemCodes.UnknownPort));
    }

    [Fact]
    public void Cycles_are_information_and_unreachable_nodes_a_warning()
    {
        var graph = new Graph();
        foreach (string id in new[] { "src", "a", "b", "c", "d" })
        {
            graph.AddNode(id, "Sink");
        }

        graph.Connect("src", "out", "a", "in");
        graph.Connect("a", "out", "b", "in");
        graph.Connect("b", "out", "a", "back");
        graph.Connect("c", "out", "d", "in");
        graph.Connect("d", "out", "c", "in");

        GraphValidation result = GraphValidator.Validate(graph);
        Assert.True(result.IsValid);
        Assert.Equal(
            ["Warning UnreachableNode node 'c'", "Warning UnreachableNode node 'd'", "Info Cycle nodes 'a', 'b'", "Info Cycle nodes 'c', 'd'"],
            result.Problems.Select(p => $"{p.Severity} {p.Code} {p.Location}"));
    }

    [Fact]
    public void Duplicates_the_file_had_are_reported()
    {
        Graph graph = NoFloJsonFormat.Read("""{"processes": {"a": {"component": "Sink"}, "a": {"component": "Sink"}}}""", "d.json");
        GraphProblem problem = Assert.Single(GraphValidator.Validate(graph).Problems);
        Assert.Equal((GraphProblemCodes.DuplicateId, "d.json at $.processes.a"), (problem.Code, problem.Location));
    }

    [Theory]
    [InlineData("any", "integer", true)]
    [InlineData("string", "any", true)]
    [InlineData("integer", "float", true)]
    [InlineData("float", "integer", false)]
    [InlineData("array<integer>", "array<float>", true)]
    [InlineData("array<string>", "array<integer>", false)]
    [InlineData("array", "array<string>", true)]
    [InlineData("option<string>", "string", true)]
    [InlineData("string", "option<string>", true)]
    [InlineData("option<integer>", "string", false)]
    [InlineData("stream", "boolean", true)]
    [InlineData("object", "object<Point>", true)]
    [InlineData("object<Point>", "object<Line>", false)]
    [InlineData("Integer", "FLOAT", true)]
    [InlineData("boolean", "string", false)]
    public void Port_types_follow_the_originals_rules(string from, string to, bool compatible) =>
        Assert.Equal(compatible, PortTypes.CanConnect(from, to));

    [Theory]
    [InlineData("integer", "5", true)]
    [InlineData("float", "5", true)]
    [InlineData("integer", "5.5", false)]
    [InlineData("option<string>", "null", true)]
    [InlineData("string", "null", false)]
    [InlineData("array<any>", "[1]", true)]
    [InlineData("object<Config>", "{}", true)]
    public void IIP_values_are_typed_from_their_JSON(string port, string json, bool accepted) =>
        Assert.Equal(accepted, PortTypes.Accepts(port, JsonValues.Parse(json)));
}
