using CsCheck;
using Reflow.Configuration;

namespace Reflow.Tests.Properties;

/// <summary>Any configuration written as TOML (<see cref="ReflowConfiguration.ToToml"/>) reads back as itself.</summary>
public sealed class ConfigurationRoundTripProperties
{
    private const string Seed = "0N0XIzNsQ0O2";

    /// <summary>A value of the key's type that its checks accept; null for a key left at its default.</summary>
    private static Gen<object?> ValueOf(ConfigurationKey key) => key.Type switch
    {
        ConfigurationValueType.Integer => Gen.Int[(int)key.Minimum, int.MaxValue].Select(i => (object?)i),
        ConfigurationValueType.Boolean => Gen.Bool.Select(b => (object?)b),
        ConfigurationValueType.Address => Gen.Select(Gen.OneOf("127.0.0.1", "localhost", "0.0.0.0", "example.org", "[::1]"), Gen.Int[0, 65535])
            .Select((host, port) => (object?)$"{host}:{port}"),
        // Whole milliseconds up to about eleven days: the finest unit a duration is written in.
        ConfigurationValueType.Duration => Gen.Long[0, 1_000_000_000].Select(ms => (object?)TimeSpan.FromMilliseconds(ms)),
        ConfigurationValueType.Size => Gen.Select(Gen.Int[0, 100_000], Gen.OneOf("", "B", "KB", "MB", "GB", "K", "M", "G", "KiB", "MiB", "GiB"))
            .Select((n, unit) => (object?)(n + unit)),
        // A text value is read trimmed, so one with white space around it is not generated.
        ConfigurationValueType.Text => Generators.Text(10).Where(s => s.Length > 0 && s == s.Trim()).Select(s => (object?)s),
        ConfigurationValueType.Choice => Gen.OneOf(Enum.GetValues(key.Choices!).Cast<object>().ToArray()).Select(v => (object?)v),
        // Pools and permission entries have grammars of their own (tested with their readers); other lists hold any text.
        ConfigurationValueType.StringList when key.Check(Array.Empty<string>()) is null && !key.Path.StartsWith("permissions.", StringComparison.Ordinal)
            && key.Path != "actor_system.pools" => Generators.Text(8).Array[0, 4].Select(a => (object?)a),
        _ => Gen.Const((object?)null),
    };

    /// <summary>Options with about two keys in three set to a random value, the rest at their defaults.</summary>
    private static readonly Gen<ReflowOptions> Options = ConfigurationSchema.Keys.Aggregate(
        Gen.Const(ReflowOptions.Default),
        (options, key) => Gen.Select(options, Gen.Frequency((1, Gen.Const((object?)null)), (2, ValueOf(key))))
            .Select((o, value) => value is null ? o : key.Apply(o, value)));

    [Fact]
    public void Any_configuration_written_as_TOML_reads_back_with_every_key_equal() =>
        Options.Sample(options =>
        {
            string toml = ReflowConfiguration.ToToml(options);
            ReflowOptions again = ReflowConfiguration.FromToml(toml);
            foreach (ConfigurationKey key in ConfigurationSchema.Keys)
            {
                Assert.True(key.Format(options) == key.Format(again), $"{key.Path}: wrote {key.Format(options)}, read back {key.Format(again)}\n{toml}");
            }

            Assert.Equal(toml, ReflowConfiguration.ToToml(again));
        }, iter: 500, seed: Seed, print: ReflowConfiguration.ToToml);
}
