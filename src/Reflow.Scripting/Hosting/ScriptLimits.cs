namespace Reflow.Scripting;

/// <summary>
/// What one call into a script may take: time, memory, statements, recursion depth. Each limit hit is a
/// <see cref="ScriptLimitException"/> naming the limit and the setting that raises it; the host and every other node
/// carry on. Set per runtime (<see cref="ScriptingOptions.Limits"/>, <c>[runtimes.javascript]</c>) and per node
/// (the settings <c>timeout</c>, <c>memory_limit</c>, <c>max_statements</c>, <c>max_recursion</c>).
/// </summary>
public sealed record ScriptLimits
{
    /// <summary>The defaults: 10 s per call, 256 MB, no statement limit, 1 000 nested calls.</summary>
    public static ScriptLimits Default { get; } = new();

    /// <summary>The longest one call (with the promises it awaits) may run; null for no limit. Default 10 s.</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most memory one call may allocate, in bytes; null for no limit. Default 256 MB.</summary>
    public long? MemoryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The most statements one call may run; null for no limit (the default).</summary>
    public long? MaxStatements { get; init; }

    /// <summary>The deepest nesting of calls. Default 1 000.</summary>
    public int MaxRecursion { get; init; } = 1_000;
}
