using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Graphs;

/// <summary>
/// A generated graph the size of a large real one: lanes of a source, relays and a sink, with a cross-link from
/// every tenth relay into the next lane (fan-out and fan-in), an IIP on every tenth relay, editor positions on
/// every node and a capacity on every cross-link. Deterministic: the same count gives the same graph.
/// </summary>
internal static class LargeGraph
{
    public const int LaneLength = 100;

    /// <summary>A registry with the three components the graph uses.</summary>
    public static ComponentRegistry CreateRegistry() => new ComponentRegistry()
        .Add(Component.FromFunc(new ComponentDescription("bench/Source", outPorts: [new("out", PortType.Integer)]), _ => { }))
        .Add(Component.FromFunc(
            new ComponentDescription("bench/Relay", [new("in", PortType.Integer), new("factor", PortType.Integer, Default: Message.Integer(1))], [new("out", PortType.Integer)]),
            _ => { }))
        .Add(Component.FromFunc(new ComponentDescription("bench/Sink", [new("in", PortType.Integer)]), _ => { }));

    /// <summary>A graph of <paramref name="nodes"/> nodes (a multiple of <see cref="LaneLength"/>).</summary>
    public static Graph Create(int nodes)
    {
        var graph = new Graph($"large-{nodes}", caseSensitive: true);
        int lanes = nodes / LaneLength;
        for (int lane = 0; lane < lanes; lane++)
        {
            for (int step = 0; step < LaneLength; step++)
            {
                string component = step == 0 ? "bench/Source" : step == LaneLength - 1 ? "bench/Sink" : "bench/Relay";
                graph.AddNode(Id(lane, step), component, GraphMetadata.Empty.With("x", step * 150L).With("y", lane * 100L));
                if (step > 0)
                {
                    graph.Connect(Id(lane, step - 1), "out", Id(lane, step), "in");
                }

                if (step % 10 == 5)
                {
                    graph.AddInitial(Id(lane, step), "factor", JsonValues.Number(step));
                }
            }
        }

        for (int lane = 0; lane + 1 < lanes; lane++)
        {
            for (int step = 10; step < LaneLength - 1; step += 10)
            {
                graph.Connect(Id(lane, step), "out", Id(lane + 1, step + 1), "in", GraphMetadata.Empty.With(GraphConnection.CapacityKey, 64));
            }
        }

        return graph;
    }

    private static string Id(int lane, int step) => $"n{lane}_{step}";
}
