using Reflow.Hosting;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds a <c>reflow.toml</c> to a configuration (the generic host's <c>builder.Configuration</c>).</summary>
public static class ReflowTomlConfigurationExtensions
{
    /// <summary>
    /// Adds the TOML file <paramref name="path"/> with its keys under section <c>Reflow</c>, as <c>AddReflow</c> reads
    /// them: sources added later (environment variables, the command line) override it key by key.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">The file, relative to the current directory when not rooted.</param>
    /// <param name="optional">Whether a missing file is fine. Default false.</param>
    /// <exception cref="Reflow.Configuration.ReflowConfigurationException">The file has problems (listed with their lines), or is missing and not optional.</exception>
    public static IConfigurationBuilder AddReflowToml(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add(new ReflowTomlConfigurationSource { Path = path, Optional = optional });
    }
}
