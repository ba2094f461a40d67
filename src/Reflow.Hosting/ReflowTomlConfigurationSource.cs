using Microsoft.Extensions.Configuration;

namespace Reflow.Hosting;

/// <summary>A <c>reflow.toml</c> file as a configuration source (<see cref="Microsoft.Extensions.Configuration.ReflowTomlConfigurationExtensions.AddReflowToml"/>).</summary>
public sealed class ReflowTomlConfigurationSource : IConfigurationSource
{
    /// <summary>The file.</summary>
    public required string Path { get; init; }

    /// <summary>Whether a missing file is fine (then it adds nothing). Default false: a missing file is an error.</summary>
    public bool Optional { get; init; }

    /// <summary>The section its keys go under; <c>Reflow</c> by default, as <c>AddReflow</c> reads them.</summary>
    public string Section { get; init; } = "Reflow";

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ReflowTomlConfigurationProvider(this);
}
