using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Http;

/// <summary>
/// http/Request with and without net permission, against real Kestrel servers on 127.0.0.1: the first host, a port,
/// and every redirect are checked before a request leaves.
/// </summary>
public sealed class HttpPermissionTests(LocalHttpServer server) : IClassFixture<LocalHttpServer>
{
    private static string Key() => Guid.NewGuid().ToString("N");

    private string HostPort => new Uri(server.BaseUrl).Authority; // 127.0.0.1:port

    private static Task<ComponentRun> Request(PermissionSet permissions, string config, params Message[] messages) =>
        ComponentRun.RunAsync(ComponentRun.Find("http/Request"), config, [], [("in", messages)],
            new NetworkOptions { WorkerCount = 1, Permissions = permissions });

    [Fact]
    public async Task Without_net_permission_nothing_is_sent_and_the_error_names_the_flag()
    {
        string key = Key();
        ComponentRun run = await Request(PermissionSet.None, """{"retries":0}""", Message.String($"{server.BaseUrl}/hello?key={key}"));

        Assert.Equal(
            $"http/Request (node): GET {server.BaseUrl}/hello?key={key}: net access to '{HostPort}' is not granted; grant it with --allow-net={HostPort} (or the permissions.net configuration key)",
            Assert.Single(run.Errors));
        Assert.Empty(run["response"]);
        Assert.Equal(0, server.Hits(key));
    }

    [Fact]
    public async Task A_grant_of_the_host_and_port_or_of_the_bare_host_lets_the_request_through()
    {
        ComponentRun withPort = await Request(PermissionSet.None.WithNet(HostPort), """{"retries":0}""", Message.String($"{server.BaseUrl}/hello"));
        ComponentRun bare = await Request(PermissionSet.None.WithNet("127.0.0.1"), """{"retries":0}""", Message.String($"{server.BaseUrl}/hello"));

        Assert.Equal("hello", Assert.Single(withPort["response"]).AsObject()["body"].AsString());
        Assert.Equal("hello", Assert.Single(bare["response"]).AsObject()["body"].AsString());
        Assert.Empty(withPort.Errors);
        Assert.Empty(bare.Errors);
    }

    [Fact]
    public async Task A_grant_of_another_port_or_another_name_for_the_host_does_not()
    {
        string key = Key();
        int other = new Uri(server.BaseUrl).Port == 1 ? 2 : 1;
        ComponentRun run = await Request(PermissionSet.None.WithNet($"127.0.0.1:{other}", "localhost"), """{"retries":0}""",
            Message.String($"{server.BaseUrl}/hello?key={key}"));

        Assert.Contains($"--allow-net={HostPort}", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Equal(0, server.Hits(key));
    }

    [Fact]
    public async Task A_redirect_to_a_host_that_is_not_granted_is_not_followed()
    {
        var elsewhere = new LocalHttpServer();
        await elsewhere.InitializeAsync();
        try
        {
            string key = Key();
            string target = $"{elsewhere.BaseUrl}/hello?key={key}";
            string authority = new Uri(elsewhere.BaseUrl).Authority;

            ComponentRun run = await Request(PermissionSet.None.WithNet(HostPort), """{"retries":0}""",
                Message.String($"{server.BaseUrl}/redirect?key={key}&to={Uri.EscapeDataString(target)}"));

            Assert.Equal(
                $"http/Request (node): GET {server.BaseUrl}/redirect?key={key}&to={Uri.EscapeDataString(target)}: redirected to {target}: net access to '{authority}' is not granted; grant it with --allow-net={authority} (or the permissions.net configuration key)",
                Assert.Single(run.Errors));
            Assert.Equal(1, server.Hits(key));
            Assert.Equal(0, elsewhere.Hits(key)); // the request never left
        }
        finally
        {
            await elsewhere.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_redirect_to_a_granted_host_is_followed()
    {
        var elsewhere = new LocalHttpServer();
        await elsewhere.InitializeAsync();
        try
        {
            string key = Key();
            string target = $"{elsewhere.BaseUrl}/hello?key={key}";

            ComponentRun run = await Request(PermissionSet.None.WithNet(HostPort, new Uri(elsewhere.BaseUrl).Authority), """{"retries":0}""",
                Message.String($"{server.BaseUrl}/redirect?status=307&to={Uri.EscapeDataString(target)}"));

            Assert.Empty(run.Errors);
            Assert.Equal("hello", Assert.Single(run["response"]).AsObject()["body"].AsString());
            Assert.Equal(1, elsewhere.Hits(key));
        }
        finally
        {
            await elsewhere.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(303, "/hello", "hello")]                                                // 303: a GET without the body
    [InlineData(307, "/echo", "application/json; charset=utf-8||{\"n\":1}")]            // 307: the same method and body
    public async Task A_redirected_POST_follows_the_rules_of_its_status(int status, string to, string body)
    {
        ComponentRun run = await Request(PermissionSet.None.WithNet(HostPort), $$"""{"retries":0,"method":"POST","url":"{{server.BaseUrl}}/redirect?status={{status}}&to={{to}}"}""",
            Msg("""{"body":{"n":1}}"""));

        Assert.Empty(run.Errors);
        Assert.Equal(body, Assert.Single(run["response"]).AsObject()["body"].AsString());
    }

    [Fact]
    public async Task Redirects_beyond_the_limit_are_an_error_and_a_limit_of_zero_delivers_the_redirect()
    {
        string loop = $"{server.BaseUrl}/redirect"; // to itself
        ComponentRun limited = await Request(PermissionSet.None.WithNet(HostPort), """{"retries":0,"maxRedirects":3}""", Message.String(loop));
        ComponentRun none = await Request(PermissionSet.None.WithNet(HostPort), """{"retries":0,"maxRedirects":0}""", Message.String(loop));

        Assert.Contains("more than 3 redirect(s) ('maxRedirects')", Assert.Single(limited.Errors), StringComparison.Ordinal);
        Assert.Empty(none.Errors);
        Assert.Equal(302, Assert.Single(none["response"]).AsObject()["status"].AsInteger());
    }

    private static Message Msg(string json) => MessageJson.Parse(json);
}
