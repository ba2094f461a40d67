using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>
/// The node a stepped run adds to tell when the network is idle: a message sent through it comes back only after
/// the one worker has handled everything posted before it (the test's sends, the timer calls a clock advance fired).
/// </summary>
internal static class Probe
{
    /// <summary>The probe's node id and the name of its exported in- and out-port.</summary>
    public const string Node = "reflow-testing-probe";

    /// <summary>The probe's component name, as a graph names it.</summary>
    public const string ComponentName = "reflow-testing/Probe";

    public static readonly Component Component = Component.FromFunc(
        new ComponentDescription(ComponentName, [new PortDefinition("in")], [new PortDefinition("out")]),
        context => context.Emit("out", context.Message));

    public static void AddTo(NetworkBuilder builder) =>
        builder.AddNode(Node, Component).ExportInPort(Node, Node, "in").ExportOutPort(Node, Node, "out");

    public static void AddTo(Graph graph, ComponentRegistry registry)
    {
        if (graph.HasNode(Node))
        {
            throw new ArgumentException($"The graph already has a node '{Node}': the test kit needs that id for its probe.", nameof(graph));
        }

        if (!registry.Contains(ComponentName))
        {
            registry.Add(Component);
        }

        graph.AddNode(Node, ComponentName);
        graph.ExportInPort(Node, Node, "in");
        graph.ExportOutPort(Node, Node, "out");
    }

    /// <summary>Whether a snapshot's edge id belongs to the probe.</summary>
    public static bool Owns(string edgeId) => edgeId.Contains(Node, StringComparison.Ordinal);

    public static Message Marker => Message.Flow;
}
