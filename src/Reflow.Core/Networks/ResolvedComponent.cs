using Reflow.Actors;

namespace Reflow.Networks;

/// <summary>What a component name of a graph stands for: a C# component, a graph, or nothing (with the reason when there is one).</summary>
/// <param name="Component">The C# component, when the name is one.</param>
/// <param name="Subgraph">The graph, when the name is a registered graph or a graph file.</param>
/// <param name="ProblemCode">Why a name that looks like a graph file resolves to nothing (a <see cref="GraphLoadProblemCodes"/> code).</param>
/// <param name="Problem">The same, in English.</param>
internal readonly record struct ResolvedComponent(
    Component? Component = null, SubgraphSource? Subgraph = null, string? ProblemCode = null, string? Problem = null);
