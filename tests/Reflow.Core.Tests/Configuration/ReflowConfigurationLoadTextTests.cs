using Reflow.Configuration;

namespace Reflow.Tests.Configuration;

/// <summary><see cref="ReflowConfiguration.LoadText"/>: TOML held in memory (the C ABI's rfl_engine_create), then the environment.</summary>
public sealed class ReflowConfigurationLoadTextTests
{
    [Fact]
    public void The_text_sets_the_options_and_the_environment_overrides_it()
    {
        var environment = new Dictionary<string, string> { ["REFLOW_ACTOR_SYSTEM__MESSAGE_BUFFER_SIZE"] = "20" };

        ReflowOptions options = ReflowConfiguration.LoadText("[actor_system]\nthread_pool_size = 2\nmessage_buffer_size = 10\n", environment: environment);

        Assert.Equal(2, options.ActorSystem.ThreadPoolSize);
        Assert.Equal(20, options.ActorSystem.MessageBufferSize);
    }

    [Fact]
    public void Empty_text_gives_the_defaults_and_problems_name_the_text_and_line()
    {
        Assert.Equal(ReflowOptions.Default, ReflowConfiguration.LoadText("", environment: new Dictionary<string, string>()));

        var ex = Assert.Throws<ReflowConfigurationException>(() =>
            ReflowConfiguration.LoadText("[actor_system]\nthread_pool_size = \"eight\"\n", "host options", new Dictionary<string, string>()));

        Assert.Contains("host options:2: actor_system.thread_pool_size must be a whole number", ex.Message, StringComparison.Ordinal);
    }
}
