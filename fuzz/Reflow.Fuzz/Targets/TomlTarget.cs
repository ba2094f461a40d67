using Reflow.Configuration;

namespace Reflow.Fuzz.Targets;

/// <summary>The reflow.toml text: <see cref="ReflowConfiguration.FromToml"/> may only throw <see cref="ReflowConfigurationException"/>.</summary>
internal sealed class TomlTarget : FuzzTarget
{
    public override string Name => "toml";

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
