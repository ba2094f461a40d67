using Reflow.Components.Tests.Http;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Permissions;

/// <summary>
/// http/Request sent other spellings of a host it is not granted — a name for the address, other forms of the address,
/// user information before the host, a Host header naming the granted host, the URL in a request object — is refused
/// every time, naming the flag for the host the URL really names, and the server gets no request.
/// </summary>
public sealed class HttpRequestEvasionTests(LocalHttpServer server) : IClassFixture<LocalHttpServer>
{
    [Fact]
    public async Task Every_spelling_of_an_address_that_is_not_granted_is_refused_before_a_connection()
    {
        string key = Guid.NewGuid().ToString("N");
        int port = new Uri(server.BaseUrl).Port;
        string path = $"/hello?key={key}";
        Message[] requests =
        [
            Message.String($"http://localhost:{port}{path}"),
            Message.String($"http://127.1:{port}{path}"),
            Message.String($"http://2130706433:{port}{path}"),
            Message.String($"http://0x7f000001:{port}{path}"),
            Message.String($"http://[::ffff:127.0.0.1]:{port}{path}"),
            Message.String($"http://127.0.0.1.:{port}{path}"),
            Message.String($"http://example.com@127.0.0.1:{port}{path}"),
            MessageJson.Parse($$$"""{"url":"http://127.0.0.1:{{{port}}}{{{path}}}","headers":{"Host":"example.com"}}"""),
        ];

        // Granted: example.com on any port, and the server's address on another port.
        ComponentRun run = await ComponentRun.RunAsync(ComponentRun.Find("http/Request"), """{"retries":0}""", [], [("in", requests)],
            new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.None.WithNet("example.com", $"127.0.0.1:{(port == 1 ? 2 : 1)}") });

        Assert.Equal(requests.Length, run.Errors.Count);
        Assert.All(run.Errors, e => Assert.Matches(@"net access to '(localhost|127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):\d+' is not granted; grant it with --allow-net=", e));
        Assert.Empty(run["response"]);
        Assert.Equal(0, server.Hits(key));
    }
}
