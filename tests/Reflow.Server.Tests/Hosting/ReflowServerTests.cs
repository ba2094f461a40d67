using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Server.Hosting;

namespace Reflow.Server.Tests.Hosting;

/// <summary>The server as clients meet it: real WebSockets on 127.0.0.1, free ports.</summary>
public sealed class ReflowServerTests
{
    private static JsonObject Message(string protocol, string command, string? secret = null)
    {
        var message = new JsonObject { ["protocol"] = protocol, ["command"] = command, ["payload"] = new JsonObject() };
        if (secret is not null)
        {
            message["secret"] = secret;
        }

        return message;
    }

    private static Task<ReflowServer> StartAsync(string? secret = null, int maxMessageBytes = 1024 * 1024, IReadOnlyList<string>? origins = null, Graph? graph = null) =>
        ReflowServer.StartAsync(new ReflowServerOptions
        {
            Address = "127.0.0.1",
            Port = 0,
            Secret = secret,
            MaxMessageBytes = maxMessageBytes,
            AllowedOrigins = origins ?? [],
            Graph = graph,
        });

    /// <summary>An unknown protocol is answered by the dispatcher itself: proof a message got through the secret check.</summary>
    private static async Task AssertUsableAsync(WebSocketTestClient client, string? secret)
    {
        JsonObject answer = await client.RequestAsync(Message("nosuch", "thing", secret), "nosuch", "error");
        Assert.Contains("Unknown protocol \"nosuch\"", (string?)answer["payload"]?["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listens_on_loopback_with_the_real_port_and_takes_noflo()
    {
        await using ReflowServer server = await StartAsync();

        Assert.Equal("ws", server.Url.Scheme);
        Assert.Equal("127.0.0.1", server.Url.Host);
        Assert.NotEqual(0, server.Url.Port);
        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(server.Url);
        Assert.Equal("noflo", client.SubProtocol);
        await AssertUsableAsync(client, null);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.0.2.1")]
    public async Task A_non_loopback_address_without_a_secret_is_refused_before_listening(string address)
    {
        var error = await Assert.ThrowsAsync<ReflowServerException>(() => ReflowServer.StartAsync(new ReflowServerOptions { Address = address, Port = 0 }));

        Assert.Contains("Secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("--secret", error.Message, StringComparison.Ordinal);
        Assert.Contains(address, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_addresses_ports_and_limits_are_refused_with_the_option_named()
    {
        var address = await Assert.ThrowsAsync<ReflowServerException>(() => ReflowServer.StartAsync(new ReflowServerOptions { Address = "not-an-address", Port = 0 }));
        Assert.Contains("Address (--address)", address.Message, StringComparison.Ordinal);
        var port = await Assert.ThrowsAsync<ReflowServerException>(() => ReflowServer.StartAsync(new ReflowServerOptions { Port = 70000 }));
        Assert.Contains("Port (--port) 70000", port.Message, StringComparison.Ordinal);
        var limit = await Assert.ThrowsAsync<ReflowServerException>(() => ReflowServer.StartAsync(new ReflowServerOptions { Port = 0, MaxMessageBytes = 10 }));
        Assert.Contains("MaxMessageBytes", limit.Message, StringComparison.Ordinal);
        var empty = await Assert.ThrowsAsync<ReflowServerException>(() => ReflowServer.StartAsync(new ReflowServerOptions { Port = 0, Secret = "" }));
        Assert.Contains("Secret (--secret) is empty", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error()
    {
        await using ReflowServer first = await StartAsync();

        var error = await Assert.ThrowsAsync<ReflowServerException>(() => ReflowServer.StartAsync(new ReflowServerOptions { Port = first.Url.Port }));

        Assert.Contains($"port {first.Url.Port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_or_missing_secret_is_refused_and_the_connection_and_server_stay_usable()
    {
        await using ReflowServer server = await StartAsync(secret: "right secret");
        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(server.Url);

        JsonObject wrong = await client.RequestAsync(Message("runtime", "getruntime", "wrong secret"), "runtime", "error");
        JsonObject missing = await client.RequestAsync(Message("graph", "clear"), "graph", "error");

        Assert.Contains("secret is wrong or missing", (string?)wrong["payload"]?["message"], StringComparison.Ordinal);
        Assert.Contains("secret is wrong or missing", (string?)missing["payload"]?["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("right secret", wrong.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, client.State);
        await AssertUsableAsync(client, "right secret");

        // The secret in the payload, as older clients (and fbp-test, besides the envelope) send it, counts too.
        var inPayload = new JsonObject { ["protocol"] = "nosuch", ["command"] = "x", ["payload"] = new JsonObject { ["secret"] = "right secret" } };
        JsonObject answer = await client.RequestAsync(inPayload, "nosuch", "error");
        Assert.Contains("Unknown protocol", (string?)answer["payload"]?["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("right secret", answer.ToJsonString(), StringComparison.Ordinal);

        await using WebSocketTestClient second = await WebSocketTestClient.ConnectAsync(server.Url);
        await AssertUsableAsync(second, "right secret");
    }

    [Fact]
    public async Task An_oversized_message_is_refused_and_closes_that_connection_only()
    {
        await using ReflowServer server = await StartAsync(maxMessageBytes: 4096);
        await using WebSocketTestClient other = await WebSocketTestClient.ConnectAsync(server.Url);
        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(server.Url);
        JsonObject big = Message("graph", "addnode");
        big["payload"]!["metadata"] = new JsonObject { ["label"] = new string('x', 64 * 1024) };

        await client.SendAsync(big);
        JsonObject? error = await client.ReceiveAsync();
        JsonObject? after = await client.ReceiveAsync();

        Assert.NotNull(error);
        Assert.Equal("runtime", (string?)error["protocol"]);
        Assert.Equal("error", (string?)error["command"]);
        Assert.Contains("larger than this runtime takes (4096 bytes", (string?)error["payload"]?["message"], StringComparison.Ordinal);
        Assert.Null(after); // closed
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);

        // The server stays up: the client that was there goes on, and a new one is served.
        await AssertUsableAsync(other, null);
        await using WebSocketTestClient fresh = await WebSocketTestClient.ConnectAsync(server.Url);
        await AssertUsableAsync(fresh, null);
    }

    [Fact]
    public async Task A_message_at_the_limit_is_taken_and_one_byte_more_is_not()
    {
        await using ReflowServer server = await StartAsync(maxMessageBytes: 4096);
        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(server.Url);
        JsonObject message = Message("nosuch", "thing");
        message["payload"]!["pad"] = "";
        message["payload"]!["pad"] = new string('y', 4096 - message.ToJsonString().Length);
        Assert.Equal(4096, message.ToJsonString().Length);

        JsonObject answer = await client.RequestAsync(message, "nosuch", "error");
        message["payload"]!["pad"] = new string('y', ((string)message["payload"]!["pad"]!).Length + 1);
        Assert.Equal(4097, message.ToJsonString().Length);
        JsonObject refused = await client.RequestAsync(message, "runtime", "error");

        Assert.Contains("Unknown protocol", (string?)answer["payload"]?["message"], StringComparison.Ordinal);
        Assert.Contains("larger than this runtime takes", (string?)refused["payload"]?["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_in_many_frames_is_read_whole_and_counted_whole_against_the_limit()
    {
        await using ReflowServer server = await StartAsync(maxMessageBytes: 4096);
        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(server.Url);
        JsonObject small = Message("nosuch", "thing");
        small["payload"]!["pad"] = new string('z', 3000);
        JsonObject big = Message("nosuch", "thing");
        big["payload"]!["pad"] = new string('z', 5000);

        await client.SendFragmentedAsync(small.ToJsonString(), 100);
        JsonObject? answer = await client.ReceiveAsync();
        await client.SendFragmentedAsync(big.ToJsonString(), 1000); // every frame is under the limit, the message is not
        JsonObject? refused = await client.ReceiveAsync();

        Assert.Contains("Unknown protocol", (string?)answer?["payload"]?["message"], StringComparison.Ordinal);
        Assert.Contains("larger than this runtime takes", (string?)refused?["payload"]?["message"], StringComparison.Ordinal);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
    }

    [Fact]
    public async Task Unreadable_messages_are_answered_on_runtime_and_the_connection_goes_on()
    {
        await using ReflowServer server = await StartAsync();
        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(server.Url);

        await client.SendTextAsync("this is not json");
        JsonObject? notJson = await client.ReceiveAsync();
        await client.SendTextAsync("{\"protocol\":\"graph\"}");
        JsonObject? noCommand = await client.ReceiveAsync();

        Assert.Equal("runtime", (string?)notJson?["protocol"]);
        Assert.Contains("not JSON", (string?)notJson?["payload"]?["message"], StringComparison.Ordinal);
        Assert.Contains("\"command\"", (string?)noCommand?["payload"]?["message"], StringComparison.Ordinal);
        await AssertUsableAsync(client, null);
    }

    [Fact]
    public async Task Answers_carry_the_request_id()
    {
        await using ReflowServer server = await StartAsync();
        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(server.Url);
        JsonObject request = Message("nosuch", "thing");
        request["requestId"] = "r-17";

        JsonObject answer = await client.RequestAsync(request, "nosuch", "error");

        Assert.Equal("r-17", (string?)answer["responseTo"]);
    }

    [Fact]
    public async Task A_browser_page_from_another_origin_is_refused_with_403()
    {
        await using ReflowServer server = await StartAsync(origins: ["https://app.example.org"]);
        string own = $"http://127.0.0.1:{server.Url.Port}";

        Assert.Equal(403, await WebSocketTestClient.ConnectStatusAsync(server.Url, "https://evil.example.com"));
        Assert.Equal(403, await WebSocketTestClient.ConnectStatusAsync(server.Url, "null")); // a file:// page
        Assert.Equal(403, await WebSocketTestClient.ConnectStatusAsync(server.Url, $"https://127.0.0.1:{server.Url.Port}")); // not the scheme served
        Assert.Equal(101, await WebSocketTestClient.ConnectStatusAsync(server.Url, own));
        Assert.Equal(101, await WebSocketTestClient.ConnectStatusAsync(server.Url, "https://APP.example.org/"));
        Assert.Equal(101, await WebSocketTestClient.ConnectStatusAsync(server.Url, null)); // not a browser

        // Refused ones never reached the runtime; allowed ones are served.
        await using WebSocketTestClient allowed = await WebSocketTestClient.ConnectAsync(server.Url, "https://app.example.org");
        await AssertUsableAsync(allowed, null);
    }

    [Fact]
    public async Task A_loopback_server_refuses_a_host_name_that_is_not_loopback()
    {
        await using ReflowServer server = await StartAsync();
        using var http = new HttpClient();

        // A rebound name (evil.example resolving to 127.0.0.1) with its own page as origin.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{server.Url.Port}/"));
        rebound.Headers.Host = $"evil.example:{server.Url.Port}";
        rebound.Headers.Add("Origin", $"http://evil.example:{server.Url.Port}");
        using HttpResponseMessage refused = await http.SendAsync(rebound);
        using var local = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{server.Url.Port}/"));
        local.Headers.Host = $"localhost:{server.Url.Port}";
        using HttpResponseMessage plain = await http.SendAsync(local);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("not a loopback name", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode); // reached the runtime: its live page
    }

    [Fact]
    public async Task Dispose_closes_the_clients_and_stops_listening()
    {
        ReflowServer server = await StartAsync();
        Uri url = server.Url;
        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(url);
        await AssertUsableAsync(client, null);

        Task<JsonObject?> closed = client.ReceiveAsync();
        await server.DisposeAsync();

        Assert.Null(await closed);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
        await Assert.ThrowsAnyAsync<Exception>(() => WebSocketTestClient.ConnectAsync(url));
    }

    [Fact]
    public async Task Many_messages_reach_a_client_in_order()
    {
        await using ReflowServer server = await StartAsync();
        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(server.Url);

        for (int i = 0; i < 200; i++)
        {
            JsonObject request = Message("nosuch", "thing");
            request["requestId"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await client.SendAsync(request);
        }

        for (int i = 0; i < 200; i++)
        {
            JsonObject? answer = await client.ReceiveAsync();
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)answer?["responseTo"]);
        }
    }
}
