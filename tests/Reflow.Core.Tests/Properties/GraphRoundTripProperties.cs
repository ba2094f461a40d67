using System.Text.Json.Nodes;
using CsCheck;
using Reflow.Graphs;
using Reflow.Graphs.Formats;
using Reflow.Tests.Graphs;

namespace Reflow.Tests.Properties;

/// <summary>A random graph written and read back through each format is the graph it was, as far as the format holds it.</summary>
public sealed class GraphRoundTripProperties
{
    // Seeded so a run is the same run everywhere; a failure prints the seed of its shrunk case.
    private const string Seed = "0N0XIzNsQ0O2";
    private const int Iterations = 400;

    [Fact]
    public void Any_graph_reads_back_equal_through_Reflow_JSON() =>
        GraphGen.For(GraphProfile.ReflowJson).Sample(graph =>
        {
            string text = ReflowJsonFormat.Write(graph);
            Graph again = ReflowJsonFormat.Read(text);
            Assert.True(graph.ContentEquals(again), "changed through Reflow JSON:\n" + text + "\n---\n" + ReflowJsonFormat.Write(again));
            Assert.Equal(text, ReflowJsonFormat.Write(again));
        }, iter: Iterations, seed: Seed, print: Print);

    [Fact]
    public void Any_graph_reads_back_equal_through_NoFlo_JSON() =>
        GraphGen.For(GraphProfile.NoFloJson).Sample(graph =>
        {
            string text = NoFloJsonFormat.Write(graph);
            Graph again = NoFloJsonFormat.Read(text);
            Assert.True(graph.ContentEquals(again), "changed through NoFlo JSON:\n" + text + "\n---\n" + NoFloJsonFormat.Write(again));
            Assert.Equal(GraphFormat.NoFloJson, GraphFile.DetectJsonFormat(text));
        }, iter: Iterations, seed: Seed, print: Print);

    [Fact]
    public void Any_graph_the_DSL_can_spell_reads_back_equal_through_it() =>
        GraphGen.For(GraphProfile.Fbp).Sample(graph =>
        {
            string text = FbpFormat.Write(graph);
            Graph again = FbpFormat.Read(text, caseSensitive: true);
            // The DSL reads numbers as JavaScript does (doubles): IIPs compare as JavaScript sees them, the rest exactly.
            Assert.Equal(graph.Initials.Count, again.Initials.Count);
            for (int i = 0; i < graph.Initials.Count; i++)
            {
                Assert.Equal(graph.Initials[i].To, again.Initials[i].To);
                Assert.Null(JsonSemantics.Difference(JsonNode.Parse(graph.Initials[i].Data.GetRawText()), JsonNode.Parse(again.Initials[i].Data.GetRawText())));
            }

            Assert.True(WithoutInitials(graph).ContentEquals(WithoutInitials(again)), "changed through .fbp:\n" + text + "\n---\n" + FbpFormat.Write(again));
        }, iter: Iterations, seed: Seed, print: Print);

    [Fact]
    public void Any_graph_reads_back_through_GraphFile_in_every_format_it_fits() =>
        GraphGen.For(GraphProfile.NoFloJson).Sample(graph =>
        {
            foreach (GraphFormat format in new[] { GraphFormat.ReflowJson, GraphFormat.NoFloJson })
            {
                string text = GraphFile.Write(graph, format);
                Assert.True(graph.ContentEquals(GraphFile.Read(text, GraphFile.DetectJsonFormat(text))), format + ":\n" + text);
            }
        }, iter: Iterations / 4, seed: Seed, print: Print);

    private static string Print(Graph graph) => ReflowJsonFormat.Write(graph);

    private static Graph WithoutInitials(Graph graph)
    {
        Graph copy = ReflowJsonFormat.Read(ReflowJsonFormat.Write(graph));
        foreach (GraphInitial initial in copy.Initials.ToList())
        {
            copy.RemoveInitial(initial);
        }

        return copy;
    }
}
