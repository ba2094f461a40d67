using Reflow.Actors;
using Reflow.Components;
using Reflow.Graphs;
using Reflow.Graphs.Formats;
using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>
/// Where a test starts: the component or the small graph under test. Each returns a <see cref="TestSetup"/> to give
/// configuration, inputs and options to, then run to the end (<see cref="TestSetup.RunAsync"/>) or step by step on
/// a fake clock (<see cref="TestSetup.StartAsync"/>).
/// </summary>
/// <example>
/// <code>
/// TestRun run = await ReflowTest.Component("math/Add").WithInitial("operand", 10).WithInput("in", 1, 2).RunAsync();
/// run.Output("out").ShouldBe(11, 12);
/// </code>
/// </example>
public static class ReflowTest
{
    /// <summary>
    /// The component called <paramref name="name"/> in <paramref name="registry"/> (by default, a registry of the
    /// standard components), as the only node of the network; its in-ports are fed by the test, its out-ports read.
    /// </summary>
    /// <exception cref="ArgumentException">The registry has no such component.</exception>
    public static TestSetup Component(string name, ComponentRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ComponentRegistry components = registry ?? StandardRegistry();
        Component component = components.FindComponent(name)
            ?? throw new ArgumentException($"No component '{name}' in the registry ({components.Count} components; is its library added?).", nameof(name));
        return new TestSetup(component);
    }

    /// <summary><paramref name="component"/> as the only node of the network.</summary>
    public static TestSetup Component(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return new TestSetup(component);
    }

    /// <summary>The component of actor type <typeparamref name="TActor"/> (see <see cref="Actors.Component.FromActor{TActor}"/>).</summary>
    public static TestSetup Component<TActor>()
        where TActor : Actor, new() => new(Actors.Component.FromActor<TActor>());

    /// <summary>
    /// A graph (its exported in-ports fed by the test, its exported out-ports read), its components found in
    /// <paramref name="registry"/> (by default the standard components). The graph is copied; the test never changes it.
    /// </summary>
    public static TestSetup Graph(Graph graph, ComponentRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new TestSetup(ReflowJsonFormat.Read(ReflowJsonFormat.Write(graph)), registry ?? StandardRegistry());
    }

    /// <summary>A graph in the FBP text format (<c>INPORT=a.IN:IN</c>, <c>a OUT -> IN b</c>, ...), see <see cref="Graph(Graphs.Graph, ComponentRegistry?)"/>.</summary>
    /// <exception cref="GraphFormatException">The text is not a graph: the line and what was expected are named.</exception>
    public static TestSetup FbpGraph(string fbpText, ComponentRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(fbpText);
        return new TestSetup(FbpFormat.Read(fbpText, "test graph"), registry ?? StandardRegistry());
    }

    /// <summary>A network already built; it can be run to the end only (stepping needs a graph or a component, to add its probe).</summary>
    public static TestSetup Network(NetworkDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new TestSetup(definition);
    }

    private static ComponentRegistry StandardRegistry() => new ComponentRegistry().AddStandardComponents();
}
