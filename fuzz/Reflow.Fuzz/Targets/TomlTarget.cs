using Reflow.Configuration;

namespace Reflow.Fuzz.Targets;

/// <summary>The reflow.toml text: <see cref="ReflowConfiguration.FromToml"/> may only throw <see cref="ReflowConfigurationException"/>.</summary>
internal sealed class TomlTarget : FuzzTarget
{
    public override string Name => "toml";

    /// <summary>
    /// Tomlyn reports each character it cannot place in a bare key or value as an error of its own and keeps them all,
    /// ~1.1 KB each (AFL++: 30 000 invalid UTF-8 bytes, each read as U+FFFD, made 34 MB). Linear, so bounded; the
    /// characters TOML allows nowhere are refused before Tomlyn sees them (TomlConfigurationReader).
    /// </summary>
    public override long AllocationPerInputByte => 2048;

    public override void Check(ReadOnlySpan<byte> input)
    {
        try
        {
            ReflowConfiguration.FromToml(FuzzText.Decode(input), "fuzz.toml");
        }
        catch (ReflowConfigurationException)
        {
        }
    }
}
