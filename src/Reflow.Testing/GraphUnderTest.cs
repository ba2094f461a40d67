using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>Loads the graph a test runs, with the probe added when the run is stepped.</summary>
internal static class GraphUnderTest
{
    public static NetworkDefinition Load(Graph graph, ComponentRegistry registry, bool probe)
    {
        if (probe)
        {
            Probe.AddTo(graph, registry);
        }

        try
        {
            return GraphNetworkLoader.Load(graph, registry);
        }
        finally
        {
            if (probe)
            {
                graph.RemoveExportedPort(PortDirection.In, Probe.Node);
                graph.RemoveExportedPort(PortDirection.Out, Probe.Node);
                graph.RemoveNode(Probe.Node); // the setup's copy stays as the test gave it, for a second run
            }
        }
    }
}
