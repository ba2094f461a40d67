namespace Reflow.Graphs;

/// <summary>The graph file formats.</summary>
public enum GraphFormat
{
    /// <summary>Reflow's own graph JSON (<see cref="Formats.ReflowJsonFormat"/>).</summary>
    ReflowJson,

    /// <summary>NoFlo's JSON graph format (<see cref="Formats.NoFloJsonFormat"/>).</summary>
    NoFloJson,

    /// <summary>The <c>.fbp</c> text DSL (<see cref="Formats.FbpFormat"/>).</summary>
    Fbp,
}
