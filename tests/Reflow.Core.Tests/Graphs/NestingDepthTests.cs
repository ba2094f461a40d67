using System.Text;
using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Tests.Graphs;

/// <summary>
/// Nesting is limited in every reader with an error naming the place and the limit; a file nested 100 000 deep is
/// rejected, never a stack overflow (these run in the test process: an overflow would kill it).
/// </summary>
public sealed class NestingDepthTests
{
    private const int Hostile = 100_000;

    private static string Arrays(int depth) => new string('[', depth) + "1" + new string(']', depth);

    private static string Objects(int depth) => new StringBuilder().Insert(0, "{\"k\":", depth).Append("true").Append('}', depth).ToString();

    [Fact]
    public void A_DSL_IIP_nested_100000_deep_is_rejected_at_the_first_bracket_past_the_limit()
    {
        string text = "a(A)\n" + Arrays(Hostile) + " -> IN a\n";

        var error = Assert.Throws<GraphFormatException>(() => FbpFormat.Read(text, "deep.fbp"));

        Assert.Equal((2, GraphFile.MaxDepth + 1), (error.Line, error.Column));
        Assert.Equal($"deep.fbp:2:257: expected an IIP nested at most 256 arrays and objects deep, but found an array at depth 257.", error.Message);
    }

    [Fact]
    public void A_DSL_IIP_of_objects_nested_100000_deep_is_rejected_too()
    {
        var error = Assert.Throws<GraphFormatException>(() => FbpFormat.Read(Objects(Hostile) + " -> IN a(A)", "deep.fbp"));

        Assert.Contains("at most 256", error.Message, StringComparison.Ordinal);
        Assert.Equal((1, 5 * GraphFile.MaxDepth + 1), (error.Line, error.Column));
    }

    [Fact]
    public void An_IIP_nested_as_deep_as_the_limit_reads_and_round_trips_through_every_format()
    {
        Graph graph = FbpFormat.Read(Arrays(GraphFile.MaxDepth) + " -> IN a(A)\n" + Objects(GraphFile.MaxDepth) + " -> IN a\n");
        Assert.Throws<GraphFormatException>(() => FbpFormat.Read(Arrays(GraphFile.MaxDepth + 1) + " -> IN a(A)\n"));

        foreach (GraphFormat format in new[] { GraphFormat.Fbp, GraphFormat.ReflowJson, GraphFormat.NoFloJson })
        {
            Graph again = GraphFile.Read(GraphFile.Write(graph, format), format);
            Assert.True(graph.ContentEquals(again), format.ToString());
        }
    }

    [Theory]
    [InlineData(GraphFormat.ReflowJson, "deep.graph.json")]
    [InlineData(GraphFormat.NoFloJson, "deep.json")]
    public void A_JSON_graph_nested_100000_deep_is_rejected_with_its_line_column_and_the_limit(GraphFormat format, string name)
    {
        string json = format == GraphFormat.ReflowJson
            ? "{\"processes\": {\"a\": {\"id\": \"a\", \"component\": \"A\",\n \"metadata\": {\"deep\": " + Arrays(Hostile) + "}}}}"
            : "{\"processes\": {\"a\": {\"component\": \"A\",\n \"metadata\": {\"deep\": " + Arrays(Hostile) + "}}}}";

        var error = Assert.Throws<GraphFormatException>(() => GraphFile.Read(json, format, name));

        // root, processes, a, metadata: the value starts 4 deep, so its 257th array is the 261st level.
        Assert.Equal(2, error.Line);
        Assert.Equal(" \"metadata\": {\"deep\": ".Length + GraphFile.MaxDepth + 1, error.Column);
        Assert.StartsWith($"{name}:2:{error.Column}: expected JSON nested at most 260 arrays and objects deep (a value at most 256), but found deeper nesting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_file_nested_100000_deep_names_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"reflow-deep-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"connections\": [{\"data\": " + Arrays(Hostile) + ", \"tgt\": {\"process\": \"a\", \"port\": \"in\"}}]}");
        try
        {
            var error = Assert.Throws<GraphFormatException>(() => GraphFile.Load(path));
            Assert.Equal(path, error.FileName);
            Assert.Contains("at most 260", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_chain_of_100000_connections_on_one_line_parses_without_recursion()
    {
        var text = new StringBuilder("n0(A)");
        for (int i = 1; i < Hostile; i++)
        {
            text.Append(" OUT -> IN n").Append(i).Append("(A)");
        }

        Graph graph = FbpFormat.Read(text.ToString());

        Assert.Equal(Hostile, graph.Nodes.Count);
        Assert.Equal(Hostile - 1, graph.Connections.Count);
        Assert.Equal("n99998.out -> n99999.in", graph.Connections[^1].ToString());
    }
}
