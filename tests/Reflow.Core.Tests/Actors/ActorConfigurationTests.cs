using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Actors;

public sealed class ActorConfigurationTests
{
    private static readonly Dictionary<string, string> s_environment = new() { ["API_URL"] = "https://example.test", ["LEVEL"] = "debug" };

    private static string? Env(string name) => s_environment.GetValueOrDefault(name);

    private static MessageObject Metadata(params (string Key, Message Value)[] entries) =>
        MessageObject.Create(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    private static MessageObject EnvVars(params (string Name, string Rule)[] rules) =>
        Metadata((ActorConfiguration.EnvironmentVariablesKey, Message.Object(Metadata(rules.Select(r => (r.Name, Message.String(r.Rule))).ToArray()))));

    [Fact]
    public void Without_metadata_the_configuration_is_empty()
    {
        ActorConfiguration config = ActorConfiguration.Create("n", "c", environment: Env);
        Assert.Empty(config.Values);
        Assert.Empty(config.Environment);
        Assert.Equal("fallback", config.GetString("anything", "fallback"));
    }

    [Fact]
    public void Set_variables_are_resolved_and_copied_into_the_values()
    {
        ActorConfiguration config = ActorConfiguration.Create("n", "c", EnvVars(("API_URL", "required"), ("LEVEL", "optional:info")), Env);

        Assert.Equal("https://example.test", config.Environment["API_URL"]);
        Assert.Equal("debug", config.Environment["LEVEL"]); // set: the default is not used
        Assert.Equal("https://example.test", config.GetString("API_URL", ""));
    }

    [Fact]
    public void A_missing_optional_variable_takes_its_default_and_other_rules_skip_it()
    {
        ActorConfiguration config = ActorConfiguration.Create("n", "c", EnvVars(("TIMEOUT", "optional:30"), ("EMPTY", "optional:"), ("HINT", "nice to have")), Env);

        Assert.Equal("30", config.Environment["TIMEOUT"]);
        Assert.Equal("", config.Environment["EMPTY"]);
        Assert.False(config.Environment.ContainsKey("HINT"));
        Assert.False(config.TryGetValue("HINT", out _));
    }

    [Fact]
    public void Every_missing_required_variable_is_reported_at_once()
    {
        var error = Assert.Throws<ActorConfigurationException>(() =>
            ActorConfiguration.Create("fetch", "http/Get", EnvVars(("TOKEN", "required"), ("SECRET", "required: the signing key"), ("LEVEL", "required")), Env));

        Assert.Equal("fetch", error.NodeId);
        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("'TOKEN' is required", error.Message);
        Assert.Contains("'SECRET' is required", error.Message);
    }

    [Fact]
    public void A_malformed_env_vars_entry_is_reported()
    {
        Assert.Throws<ActorConfigurationException>(() =>
            ActorConfiguration.Create("n", "c", Metadata((ActorConfiguration.EnvironmentVariablesKey, Message.String("API_URL"))), Env));
        var error = Assert.Throws<ActorConfigurationException>(() =>
            ActorConfiguration.Create("n", "c", Metadata((ActorConfiguration.EnvironmentVariablesKey, Message.Object(Metadata(("X", Message.Integer(1)))))), Env));
        Assert.Contains("'X' must be a string", error.Message);
    }

    [Fact]
    public void An_environment_variable_overrides_a_metadata_entry_of_the_same_name()
    {
        MessageObject metadata = Metadata(
            ("LEVEL", Message.String("warn")),
            ("retries", Message.Integer(3)),
            (ActorConfiguration.EnvironmentVariablesKey, Message.Object(Metadata(("LEVEL", Message.String("optional:info"))))));
        ActorConfiguration config = ActorConfiguration.Create("n", "c", metadata, Env);

        Assert.Equal("debug", config.GetString("LEVEL", ""));
        Assert.Equal(3, config.GetInteger("retries", 0));
    }

    [Fact]
    public void Typed_getters_use_defaults_accept_integers_as_floats_and_report_wrong_types()
    {
        ActorConfiguration config = ActorConfiguration.Create("n", "c",
            Metadata(("rate", Message.Integer(5)), ("ratio", Message.Float(0.5)), ("on", Message.Boolean(true)), ("name", Message.String("x"))), Env);

        Assert.Equal(5.0, config.GetFloat("rate", 0));
        Assert.Equal(0.5, config.GetFloat("ratio", 0));
        Assert.True(config.GetBoolean("on", false));
        Assert.Equal(42, config.GetInteger("missing", 42));
        var error = Assert.Throws<ActorConfigurationException>(() => config.GetInteger("name", 0));
        Assert.Contains("'name' must be Integer", error.Message);
        Assert.Throws<ActorConfigurationException>(() => config.GetBoolean("rate", false));
        Assert.Throws<ActorConfigurationException>(() => config.GetFloat("name", 0));
        Assert.Throws<ActorConfigurationException>(() => config.GetString("on", ""));
    }
}
