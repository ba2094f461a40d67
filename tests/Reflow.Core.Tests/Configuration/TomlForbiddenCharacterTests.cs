using Reflow.Configuration;

namespace Reflow.Tests.Configuration;

/// <summary>
/// Characters TOML allows nowhere (control characters but tab, DEL, half a surrogate pair) are one syntax error at
/// their line and column, found before the TOML parser, which reported each of thousands separately (fuzz/regressions/toml).
/// </summary>
public sealed class TomlForbiddenCharacterTests
{
    // Built here, not passed as theory data: a lone surrogate does not survive xunit's serialization of test cases.
    private static readonly (string Toml, string Location, string What)[] s_cases =
    [
        ("[actor_system]\nwait_strategy = \"a\u0002b\"\n", "x.toml:2", "column 19: a control character (U+0002)"),
        ("# a comment \u007f\n", "x.toml:1", "column 13: a control character (U+007F)"),
        ("[actor_system]\n\n  x = \"\ud800\"\n", "x.toml:3", "column 8: half of a UTF-16 surrogate pair (U+D800)"),
        ("a = \"\udc00\ud83d\"", "x.toml:1", "column 6: half of a UTF-16 surrogate pair (U+DC00)"),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Is_one_syntax_error_at_its_place(int index)
    {
        (string toml, string location, string what) = s_cases[index];
        var ex = Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.FromToml(toml + new string('\u0001', 10_000), "x.toml"));

        ConfigurationProblem problem = Assert.Single(ex.Problems);
        Assert.Equal(location, problem.Location);
        Assert.StartsWith("TOML syntax error at " + what, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tabs_carriage_returns_and_whole_surrogate_pairs_are_allowed()
    {
        ReflowOptions options = ReflowConfiguration.FromToml("# \ud83d\ude00 emoji\r\n[actor_system]\r\n\twait_strategy = \"sleeping\"\t# \ud83d\ude00\r\n", "x.toml");

        Assert.Equal("Sleeping", options.ToNetworkOptions().WaitStrategy.ToString());
    }
    [Fact]
    public void A_syntax_error_says_only_the_first_of_what_the_parser_found()
    {
        var ex = Assert.Throws<ReflowConfigurationException>(() =>
            ReflowConfiguration.FromToml("[actor_system]\n" + string.Concat(Enumerable.Repeat("x = \"abc\n", 500)), "x.toml"));

        ConfigurationProblem problem = Assert.Single(ex.Problems);
        Assert.DoesNotContain('\n', problem.Message);
    }
}
