using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reflow.Actors;
using Reflow.Configuration;

namespace Reflow.Hosting.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly GraphFiles _files = new();

    [Fact]
    public void Appsettings_style_keys_are_reflow_toml_keys_under_the_Reflow_section()
    {
        ReflowOptions options = Options(builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reflow:actor_system:max_actors_per_node"] = "3",
            ["Reflow:actor_system:message_buffer_size"] = "16",
            ["Reflow:supervision:action"] = "restart",
            ["Reflow:permissions:env:0"] = "HOME",
        }));

        Assert.Equal(3, options.ActorSystem.MaxActorsPerNode);
        Assert.Equal(16, options.ActorSystem.MessageBufferSize);
        Assert.Equal(FailureAction.Restart, options.Supervision.Action);
        Assert.Equal(16, options.ToGraphLoadOptions().DefaultEdgeCapacity);
    }

    [Fact]
    public void A_toml_file_gives_the_same_options_and_later_sources_override_it_key_by_key()
    {
        string toml = _files.Write("reflow.toml", "[actor_system]\nmax_actors_per_node = 3\nmessage_buffer_size = 16\n\n[supervision]\naction = \"restart\"\n\n[permissions]\nenv = [\"HOME\"]\n");
        ReflowOptions fromToml = Options(builder => builder.Configuration.AddReflowToml(toml));
        Assert.Equal(3, fromToml.ActorSystem.MaxActorsPerNode);
        Assert.Equal(16, fromToml.ActorSystem.MessageBufferSize);
        Assert.Equal(FailureAction.Restart, fromToml.Supervision.Action);
        Assert.Equal(ReflowConfiguration.ToToml(ReflowConfiguration.FromToml(File.ReadAllText(toml))), ReflowConfiguration.ToToml(fromToml)); // every key as the CLI reads the same file

        ReflowOptions overridden = Options(builder => builder.Configuration
            .AddReflowToml(toml)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["REFLOW:ACTOR_SYSTEM:MESSAGE_BUFFER_SIZE"] = "64" }));
        Assert.Equal(64, overridden.ActorSystem.MessageBufferSize);
        Assert.Equal(3, overridden.ActorSystem.MaxActorsPerNode);
    }

    [Fact]
    public async Task A_bad_value_stops_the_host_at_start_with_the_key_and_what_was_expected()
    {
        var logs = new CollectingLoggerProvider();
        using IHost host = TestHost.Build(logs, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Reflow:actor_system:thread_pool_size"] = "many" });
            builder.Services.AddReflow().AddGraph("main", _files.OneNode("core/Repeat"), g => g.ReadOutput("out", _ => { }));
        });

        var error = await Assert.ThrowsAsync<ReflowConfigurationException>(() => host.StartAsync());
        Assert.Equal(
            "Invalid configuration: configuration Reflow:actor_system:thread_pool_size: actor_system.thread_pool_size must be a whole number of at least 1, but is the string \"many\"",
            error.Message);
    }

    [Fact]
    public void A_bad_toml_file_is_refused_where_it_is_added_with_its_line()
    {
        string toml = _files.Write("reflow.toml", "[actor_system]\nthread_pool_size = \"many\"\n");
        var error = Assert.Throws<ReflowConfigurationException>(() => new ConfigurationBuilder().AddReflowToml(toml).Build());
        Assert.Contains(toml + ":2", error.Message, StringComparison.Ordinal);
        Assert.Contains("actor_system.thread_pool_size must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bound_options_reach_the_engine_a_graph_over_the_actor_limit_is_refused()
    {
        var logs = new CollectingLoggerProvider();
        string graph = _files.Write("three.fbp", "INPORT=a.IN:in\nOUTPORT=c.OUT:out\na(core/Repeat) OUT -> IN b(core/Repeat) OUT -> IN c(core/Repeat)\n");
        using IHost host = TestHost.Build(logs, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Reflow:actor_system:max_actors_per_node"] = "2" });
            builder.Services.AddReflow().AddGraph("three", graph, g => g.ReadOutput("out", _ => { }));
        });

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.Contains("max_actors_per_node", error.Message, StringComparison.Ordinal);
        Assert.Equal(HostedNetworkState.Failed, host.Services.GetRequiredService<ReflowNetworks>()["three"].State);
    }

    private static ReflowOptions Options(Action<HostApplicationBuilder> configure)
    {
        using IHost host = TestHost.Build(new CollectingLoggerProvider(), builder =>
        {
            configure(builder);
            builder.Services.AddReflow();
        });
        return host.Services.GetRequiredService<ReflowOptions>();
    }

    public void Dispose() => _files.Dispose();
}
