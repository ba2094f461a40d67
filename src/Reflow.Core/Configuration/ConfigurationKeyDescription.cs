namespace Reflow.Configuration;

/// <summary>One configuration key, for references and tooling.</summary>
/// <param name="Key">The dotted path (<c>actor_system.thread_pool_size</c>); the table is all but the last part.</param>
/// <param name="Type">What it takes, in words.</param>
/// <param name="Default">Its default as TOML (<c>1024</c>, <c>"1s"</c>); <c>(none)</c> when unset.</param>
/// <param name="Description">What it does and what it maps to.</param>
public sealed record ConfigurationKeyDescription(string Key, string Type, string Default, string Description);
