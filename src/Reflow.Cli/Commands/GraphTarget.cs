namespace Reflow.Cli.Commands;

/// <summary>The formats <c>reflow convert --to</c> names.</summary>
internal enum GraphTarget
{
    /// <summary>The .fbp DSL.</summary>
    Fbp,

    /// <summary>Reflow's graph JSON.</summary>
    Reflow,

    /// <summary>NoFlo's JSON graph.</summary>
    NoFlo,
}
