namespace Reflow.Scripting.Python;

/// <summary>The <c>sandbox</c> setting of <c>[runtimes.python]</c> and of a Python node.</summary>
internal enum PythonSandboxMode
{
    /// <summary><c>"auto"</c>: bubblewrap when it is found; without it, only a node granted everything runs.</summary>
    Auto,

    /// <summary><c>"bubblewrap"</c>: always bubblewrap; a node refuses to start without it.</summary>
    Bubblewrap,

    /// <summary><c>"none"</c>: never a sandbox; only a node granted everything runs.</summary>
    None,
}
