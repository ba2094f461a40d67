namespace Reflow.Configuration;

/// <summary>One thing wrong with the configuration.</summary>
/// <param name="Location">Where: <c>reflow.toml:3</c>, <c>environment variable REFLOW_ACTOR_SYSTEM__THREAD_POOL_SIZE</c> or <c>--set actor_system.thread_pool_size=0</c>.</param>
/// <param name="Key">The key concerned (<c>actor_system.thread_pool_size</c>), or null when the problem is not about one key (a syntax error).</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record ConfigurationProblem(string Location, string? Key, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message}";
}
