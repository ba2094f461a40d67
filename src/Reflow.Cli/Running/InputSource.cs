namespace Reflow.Cli.Running;

/// <summary>Where an <see cref="InputSpec"/>'s messages come from.</summary>
internal enum InputSource
{
    /// <summary>The value written in the argument.</summary>
    Value,

    /// <summary>The lines of a file.</summary>
    File,

    /// <summary>The lines of standard input.</summary>
    StandardInput,
}
