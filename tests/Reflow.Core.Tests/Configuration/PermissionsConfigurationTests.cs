using Microsoft.Extensions.Configuration;
using Reflow.Configuration;
using Reflow.Permissions;

namespace Reflow.Tests.Configuration;

/// <summary>The <c>[permissions]</c> table: its keys, their checks, and where they reach.</summary>
public sealed class PermissionsConfigurationTests
{
    [Fact]
    public void The_permissions_table_becomes_the_networks_grant()
    {
        ReflowOptions options = ReflowConfiguration.FromToml("""
            [permissions]
            read = ["/srv/data"]
            write = ["/srv/out"]
            net = ["api.example.com:443", "127.0.0.1"]
            env = ["HOME", "AWS_*"]
            run = ["git"]
            """);

        PermissionSet permissions = options.ToNetworkOptions().Permissions;
        Assert.True(permissions.AllowsRead("/srv/data/x.csv"));
        Assert.False(permissions.AllowsRead("/srv/out/x.csv"));
        Assert.True(permissions.AllowsWrite("/srv/out/x.csv"));
        Assert.True(permissions.AllowsNet(new Uri("https://api.example.com/v1")));
        Assert.True(permissions.AllowsNet("127.0.0.1", 8080));
        Assert.True(permissions.AllowsEnv("AWS_REGION"));
        Assert.True(permissions.AllowsRun("git"));
        Assert.False(permissions.AllowsRun("sh"));
    }

    [Fact]
    public void Nothing_is_granted_by_default_a_star_grants_a_whole_kind_and_allow_all_everything()
    {
        Assert.True(ReflowOptions.Default.ToNetworkOptions().Permissions.IsNone);

        PermissionSet star = ReflowConfiguration.FromToml("[permissions]\nnet = [\"*\"]\n").ToNetworkOptions().Permissions;
        Assert.True(star.IsUnrestricted(PermissionKind.Net));
        Assert.False(star.IsUnrestricted(PermissionKind.Read));

        Assert.Same(PermissionSet.All, ReflowConfiguration.FromToml("[permissions]\nallow_all = true\n").ToNetworkOptions().Permissions);
    }

    [Fact]
    public void Bad_entries_are_reported_with_their_place_and_key()
    {
        ReflowConfigurationException ex = Assert.Throws<ReflowConfigurationException>(() => ReflowConfiguration.FromToml("""
            [permissions]
            net = ["example.com:99999"]
            env = ["A=B"]
            read = "/srv"
            """));

        Assert.Equal(3, ex.Problems.Count);
        Assert.StartsWith("reflow.toml:2: permissions.net: 'example.com:99999' is not a net permission: expected a port from 1 to 65535", ex.Problems[0].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("reflow.toml:3: permissions.env: 'A=B' is not an env permission", ex.Problems[1].ToString(), StringComparison.Ordinal);
        Assert.Contains("permissions.read must be an array of strings", ex.Problems[2].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_overrides_and_configuration_sections_set_them_too()
    {
        ReflowOptions fromEnvironment = ReflowConfiguration.Load(environment: new Dictionary<string, string> { ["REFLOW_PERMISSIONS__NET"] = "[\"example.com\"]" });
        ReflowOptions fromOverride = ReflowConfiguration.Load(overrides: ["permissions.read=[\"/srv\"]"], environment: new Dictionary<string, string>());
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["reflow:permissions:env:0"] = "HOME",
            ["reflow:permissions:env:1"] = "USER",
        }).Build();

        Assert.Equal(["example.com"], fromEnvironment.Permissions.Net);
        Assert.Equal(["/srv"], fromOverride.Permissions.Read);
        Assert.Equal(["HOME", "USER"], ReflowConfiguration.FromConfiguration(configuration.GetSection("reflow")).Permissions.Env);
    }

    [Fact]
    public void Every_permissions_key_is_listed_and_written_back()
    {
        Assert.Equal(
            ["permissions.read", "permissions.write", "permissions.net", "permissions.env", "permissions.run", "permissions.allow_all"],
            ReflowConfiguration.Keys.Select(k => k.Key).Where(k => k.StartsWith("permissions.", StringComparison.Ordinal)));
        ReflowOptions options = ReflowConfiguration.FromToml("[permissions]\nnet = [\"example.com:443\"]\n");
        Assert.Equal(["example.com:443"], ReflowConfiguration.FromToml(ReflowConfiguration.ToToml(options)).Permissions.Net);
    }

    [Fact]
    public void Graph_loading_gives_a_graphs_env_vars_only_the_granted_variables()
    {
        Func<string, string?> denied = ReflowOptions.Default.ToGraphLoadOptions().EnvironmentVariables!;
        Func<string, string?> granted = ReflowConfiguration.FromToml("[permissions]\nenv = [\"PATH\"]\n").ToGraphLoadOptions().EnvironmentVariables!;

        Assert.Throws<PermissionDeniedException>(() => denied("PATH"));
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), granted("PATH"));
    }
}
