namespace Reflow.Cli.Running;

/// <summary>When <c>run</c> shows its live progress line.</summary>
internal enum ProgressMode
{
    /// <summary>When the error stream is a terminal (redrawn in place), after the first second.</summary>
    Auto,

    /// <summary>Always after the first second; a line per update when the error stream is not a terminal.</summary>
    Always,

    /// <summary>Never.</summary>
    Never,
}
