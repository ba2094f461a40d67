using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Tests.Graphs;

/// <summary>Malformed graph files fail with the place, what was found and what was expected.</summary>
public sealed class FormatErrorTests
{
    [Fact]
    public void Truncated_JSON_names_the_file_line_and_column()
    {
        var error = Assert.Throws<GraphFormatException>(() => NoFloJsonFormat.Read("{\n  \"processes\": {\n    \"a\": {\"component\": \"A\"", "g.json"));
        Assert.Equal("g.json", error.FileName);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("g.json:3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected well-formed JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"processes": {}, "conections": []}""", "$.conections", "the unknown key 'conections'")]
    [InlineData("""{"processes": {"a": {"component": "A", "colour": 1}}}""", "$.processes.a.colour", "the unknown key 'colour'")]
    [InlineData("""{"processes": {"a": {"component": "A"}}, "connections": [{"src": {"process": "a", "port": "out", "idx": 1}, "tgt": {"process": "a", "port": "in"}}]}""", "$.connections[0].src.idx", "the unknown key 'idx'")]
    [InlineData("""{"processes": {"a": {"component": 5}}}""", "$.processes.a.component", "the number 5")]
    [InlineData("""{"processes": {"a": {}}}""", "$.processes.a", "an object without it")]
    [InlineData("""{"processes": [], "connections": []}""", "$.processes", "an array")]
    [InlineData("""{"caseSensitive": "yes"}""", "$.caseSensitive", "the string \"yes\"")]
    [InlineData("""{"processes": {"a": {"component": "A"}}, "connections": [{"src": {"process": "a", "port": "out"}, "tgt": {"process": "a", "port": "in", "index": -1}}]}""", "$.connections[0].tgt.index", "the number -1")]
    [InlineData("""{"processes": {"a": {"component": "A"}}, "connections": [{"data": 1, "src": {"process": "a", "port": "out"}, "tgt": {"process": "a", "port": "in"}}]}""", "$.connections[0].src", "both")]
    [InlineData("""{"processes": {"a": {"component": "A", "metadata": [1]}}}""", "$.processes.a.metadata", "an array")]
    public void NoFlo_JSON_errors_give_the_JSON_path_and_what_was_found(string json, string path, string found)
    {
        var error = Assert.Throws<GraphFormatException>(() => NoFloJsonFormat.Read(json, "n.json"));
        Assert.Equal(path, error.JsonPath);
        Assert.Equal(found, error.Found);
        Assert.StartsWith($"n.json at {path}: expected ", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.Expected));
    }

    // Found by fuzzing (fuzz/regressions/reflow-json): JsonDocument accepts a \u escape of a lone surrogate, and reading
    // that key or string threw InvalidOperationException from deep in the reader.
    [Theory]
    [InlineData("""{"processes": {"a": {"component": "A", "meta\ud800data": {}}}}""", "$.processes.a", "the key \"meta\\ud800data\", which has a lone surrogate escape")]
    [InlineData("""{"processes": {"a": {"component": "\udc00"}}}""", "$.processes.a.component", "the string \"\\udc00\", which has a lone surrogate escape")]
    [InlineData("""{"properties": {"name": ["x", "\ud83d"]}}""", "$.properties.name[1]", "the string \"\\ud83d\", which has a lone surrogate escape")]
    public void A_lone_surrogate_escape_is_a_format_error_in_both_JSON_formats(string json, string path, string found)
    {
        foreach (Func<string, string?, Graph> read in new Func<string, string?, Graph>[] { ReflowJsonFormat.Read, NoFloJsonFormat.Read })
        {
            var error = Assert.Throws<GraphFormatException>(() => read(json, "s.json"));
            Assert.Equal(path, error.JsonPath);
            Assert.Equal(found, error.Found);
            Assert.Equal("keys and strings that are valid Unicode", error.Expected);
        }

        // A pair of surrogate escapes is one character, and read as such.
        Graph graph = ReflowJsonFormat.Read("""{"processes": {"a": {"component": "\ud83d\ude00"}}}""");
        Assert.Equal("\U0001F600", graph.Nodes.Single().Component);
    }

    [Theory]
    [InlineData("""{"processes": {"a": {"id": "b", "component": "A"}}}""", "$.processes.a.id")]
    [InlineData("""{"processes": {"a": {"component": "A"}}, "connections": [{"to": {"portId": "in", "nodeId": "a"}}]}""", "$.connections[0].from")]
    [InlineData("""{"processes": {"a": {"component": "A"}}, "connections": [{"from": {"portId": "out", "nodeId": "a"}, "to": {"portId": "in", "nodeId": "a", "colour": 1}}]}""", "$.connections[0].to.colour")]
    [InlineData("""{"graph_dependencies": [], "workspace": 1}""", "$.workspace")]
    [InlineData("""{"inports": {"x": {"portName": "in"}}}""", "$.inports.x")]
    public void Reflow_JSON_errors_give_the_JSON_path(string json, string path)
    {
        var error = Assert.Throws<GraphFormatException>(() => ReflowJsonFormat.Read(json, "r.json"));
        Assert.Equal(path, error.JsonPath);
        Assert.StartsWith($"r.json at {path}: expected ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_reference_to_a_missing_node_is_listed_at_once()
    {
        const string Json = """
            {"processes": {"a": {"component": "A"}},
             "connections": [{"src": {"process": "a", "port": "out"}, "tgt": {"process": "ghost", "port": "in"}},
                             {"data": 1, "tgt": {"process": "phantom", "port": "in"}}],
             "inports": {"start": {"process": "nobody", "port": "in"}},
             "groups": [{"name": "g", "nodes": ["a", "missing"]}]}
            """;
        var error = Assert.Throws<GraphFormatException>(() => NoFloJsonFormat.Read(Json, "refs.json"));
        Assert.Equal(
            ["refs.json at $.connections[0].tgt.process", "refs.json at $.connections[1].tgt.process", "refs.json at $.inports.start", "refs.json at $.groups[0].nodes[1]"],
            error.Problems.Select(p => p.Location));
        Assert.All(error.Problems, p => Assert.Equal(GraphProblemCodes.DanglingReference, p.Code));
        Assert.Contains("the process 'ghost' is not defined in 'processes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("lists the node 'missing', which is not defined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reflow_JSON_lists_missing_nodes_on_both_ends()
    {
        const string Json = """{"processes": {}, "connections": [{"from": {"portId": "out", "nodeId": "x"}, "to": {"portId": "in", "nodeId": "y"}}]}""";
        var error = Assert.Throws<GraphFormatException>(() => ReflowJsonFormat.Read(Json));
        Assert.Equal(["graph at $.connections[0].to.nodeId", "graph at $.connections[0].from.nodeId"], error.Problems.Select(p => p.Location));
    }

    [Theory]
    [InlineData("a(A)\t-> b(B)\n", 1, 6, "\"-\"")]
    [InlineData("a(A) -> b(B)\n   ", 2, 4, "end of input")]
    [InlineData("'x' -> IN a(A)\n'unterminated -> IN a\n", 3, 1, "end of input")]
    [InlineData("a(A:) -> b(B)\n", 1, 5, "\")\"")]
    public void DSL_syntax_errors_give_line_column_found_and_expected(string text, int line, int column, string found)
    {
        var error = Assert.Throws<GraphFormatException>(() => FbpFormat.Read(text, "bad.fbp"));
        Assert.Equal((line, column, found), (error.Line, error.Column, error.Found));
        Assert.StartsWith($"bad.fbp:{line}:{column}: expected ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"but found {found}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DSL_syntax_errors_list_what_would_have_been_accepted()
    {
        var error = Assert.Throws<GraphFormatException>(() => FbpFormat.Read("a(A) -> ", "x.fbp"));
        Assert.Contains("\"'\"", error.Expected, StringComparison.Ordinal);
        Assert.Contains("[a-zA-Z_]", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void DSL_nodes_used_without_a_component_are_all_listed_with_their_positions()
    {
        var error = Assert.Throws<GraphFormatException>(() => FbpFormat.Read("a(A) -> b\nc -> d(D)\nINPORT=e.IN:X\nf() -> d\n", "u.fbp"));
        Assert.Equal(["u.fbp:4:1", "u.fbp:3:1", "u.fbp:1:9", "u.fbp:2:1"], error.Problems.Select(p => p.Location));
        Assert.Contains("the node 'f' has no component", error.Message, StringComparison.Ordinal);
        Assert.Contains("INPORT 'x' refers to the node 'e'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_ids_in_a_file_keep_the_first_and_are_recorded_but_a_repeated_connection_is_kept_twice()
    {
        const string Json = """
            {"processes": {"a": {"component": "A"}, "a": {"component": "B"}},
             "connections": [{"src": {"process": "a", "port": "out"}, "tgt": {"process": "a", "port": "in"}},
                             {"src": {"process": "a", "port": "out"}, "tgt": {"process": "a", "port": "in"}, "metadata": {"x": 1}}],
             "groups": [{"name": "g", "nodes": []}, {"name": "g", "nodes": ["a"]}]}
            """;
        Graph graph = NoFloJsonFormat.Read(Json, "dup.json");
        Assert.Equal("A", graph.GetNode("a")!.Component);
        Assert.Equal([0, 1], graph.Connections.Select(c => c.Metadata.Count));
        Assert.Empty(graph.GetGroup("g")!.Nodes);
        Assert.Equal(["dup.json at $.processes.a", "dup.json at $.groups[1]"], graph.LoadProblems.Select(p => p.Location));
        Assert.All(graph.LoadProblems, p => Assert.Equal(GraphProblemCodes.DuplicateId, p.Code));

        Graph fbp = FbpFormat.Read("a(A) -> b(B)\na -> b\n", "dup.fbp");
        Assert.Empty(fbp.LoadProblems);
        Assert.Equal(2, fbp.GetConnections(new NodePort("a", "out"), new NodePort("b", "in")).Count);
    }
}
