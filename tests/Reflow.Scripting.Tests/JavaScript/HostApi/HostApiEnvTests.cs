using Reflow.Permissions;

namespace Reflow.Scripting.Tests.JavaScript.HostApi;

/// <summary>Deno.env behind the node's env grant, and Deno.permissions.query.</summary>
public sealed class HostApiEnvTests
{
    private const string Set = "REFLOW_HOSTAPI_TEST_SET";
    private const string Unset = "REFLOW_HOSTAPI_TEST_UNSET";

    static HostApiEnvTests() => Environment.SetEnvironmentVariable(Set, "forty-two");

    [Fact]
    public async Task A_granted_variable_is_read_and_an_unset_one_is_undefined()
    {
        string outcome = await HostApiRun.RunAsync($"return [Deno.env.get('{Set}'), Deno.env.get('{Unset}') === undefined, Deno.env.has('{Set}'), Deno.env.has('{Unset}')];",
            PermissionSet.None.WithEnv("REFLOW_HOSTAPI_TEST_*"));

        Assert.Equal("ok:[\"forty-two\",true,true,false]", outcome);
    }

    [Fact]
    public async Task A_variable_that_is_not_granted_is_denied_naming_the_flag()
    {
        string outcome = await HostApiRun.RunAsync($"return Deno.env.get('{Set}');", PermissionSet.None.WithEnv("HOME"));

        Assert.Equal($"error:NotCapable: env access to '{Set}' is not granted; grant it with --allow-env={Set} (or the permissions.env configuration key)", outcome);
    }

    [Fact]
    public async Task Permissions_can_be_queried_without_trying()
    {
        string outcome = await HostApiRun.RunAsync("""
            const q = d => Deno.permissions.querySync(d).state;
            return [q({ name: 'read', path: '/srv/data/x.csv' }), q({ name: 'read', path: '/etc/passwd' }), q({ name: 'read' }),
                    q({ name: 'net', host: 'example.com:443' }), q({ name: 'net', host: 'example.org' }), q({ name: 'env', variable: 'HOME' }),
                    (await Deno.permissions.query({ name: 'write', path: '/srv/data' })).state];
            """, PermissionSet.None.WithRead("/srv/data").WithNet("example.com").WithEnv("HOME"));

        Assert.Equal("""ok:["granted","denied","denied","granted","denied","granted","denied"]""", outcome);
    }
}
