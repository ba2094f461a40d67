using Reflow.Graphs;
using Reflow.Graphs.Formats;
using Reflow.Messages;

namespace Reflow.Tests.Graphs;

/// <summary>
/// Found by the reader property tests: JSON's syntax allows a \u escape of half a surrogate pair, which no .NET string
/// can be read from; the graph readers let System.Text.Json's InvalidOperationException out instead of their own error.
/// </summary>
public sealed class LoneSurrogateTests
{
    [Theory]
    [InlineData("""{"properties": {"a": "x\uDDDA"}}""", "$.properties.a")]
    [InlineData("""{"processes": {"n": {"component": "c", "metadata": {"k\uD800": 1}}}}""", "$.processes.n.metadata")]
    [InlineData("{\n  \"properties\": {\"ok\": \"\\uD83D\\uDC4D\", \"a\": \"\\uD83D\"}}", "$.properties.a")]
    public void An_escaped_lone_surrogate_in_a_JSON_graph_is_a_GraphFormatException_with_its_place(string json, string path)
    {
        foreach (Func<string, Graph> read in new Func<string, Graph>[] { j => ReflowJsonFormat.Read(j, "g.json"), j => NoFloJsonFormat.Read(j, "g.json") })
        {
            GraphFormatException error = Assert.Throws<GraphFormatException>(() => read(json));
            Assert.Equal(("g.json", path), (error.FileName, error.JsonPath));
            Assert.Contains("lone surrogate", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(GraphFormat.NoFloJson, GraphFile.DetectJsonFormat("""{"a\uD800_b": 1}"""));
    }

    [Fact]
    public void A_whole_escaped_pair_still_reads()
    {
        Graph graph = ReflowJsonFormat.Read("""{"properties": {"name": "\uD83D\uDC4D"}}""");
        Assert.Equal("👍", graph.Name);
    }

    [Fact]
    public void A_raw_lone_surrogate_in_the_text_is_refused_by_each_reader_with_its_own_exception()
    {
        string lone = "\uD800";
        Assert.Throws<GraphFormatException>(() => ReflowJsonFormat.Read("{\"properties\": {\"a\": \"" + lone + "\"}}"));
        Assert.Throws<GraphFormatException>(() => NoFloJsonFormat.Read("{\"properties\": {\"a\": \"" + lone + "\"}}"));
        try
        {
            FbpFormat.Read("a(c) OUT -> IN b(c)\n'" + lone + "' -> IN a");
        }
        catch (GraphFormatException)
        {
        }

        Assert.Throws<MessageFormatException>(() => MessageJson.Parse("\"" + lone + "\""));
    }
}
