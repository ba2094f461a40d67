using System.Net;
using System.Text.Json.Nodes;
using Reflow.Server.Hosting;

namespace Reflow.Server.Tests.Hosting;

public sealed class WebPageTests
{
    private static Task<ReflowServer> StartAsync() =>
        ReflowServer.StartAsync(new ReflowServerOptions { Address = "127.0.0.1", Port = 0 });

    [Theory]
    [InlineData("/", "text/html", "<script src=\"/app.js\"")]
    [InlineData("/app.js", "text/javascript", "network")]
    [InlineData("/app.css", "text/css", "#graph")]
    public async Task Serves_the_live_page_from_the_assembly_with_a_policy_that_allows_only_its_own_socket(string path, string type, string content)
    {
        await using ReflowServer server = await StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.GetAsync(new Uri($"http://127.0.0.1:{server.Url.Port}{path}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        string csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains($"connect-src ws://127.0.0.1:{server.Url.Port};", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_paths_are_not_found_and_the_socket_at_the_root_still_speaks_the_protocol()
    {
        await using ReflowServer server = await StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage missing = await http.GetAsync(new Uri($"http://127.0.0.1:{server.Url.Port}/index.html"));
        using HttpResponseMessage post = await http.PostAsync(new Uri($"http://127.0.0.1:{server.Url.Port}/"), new StringContent("x"));
        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(server.Url);
        await client.SendAsync(new JsonObject { ["protocol"] = "runtime", ["command"] = "getruntime", ["payload"] = new JsonObject() });
        JsonObject? runtime = await client.ReceiveAsync();

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("runtime", (string?)runtime?["command"]);
    }
}
