using System.Text;
using Reflow.Messages;
using Reflow.Scripting.Tests.JavaScript;
using Reflow.Scripting.Tests.JavaScript.HostApi;

namespace Reflow.Scripting.Tests.Wasm;

/// <summary>Extism's http_request against a real Kestrel server on 127.0.0.1, behind the node's net grant.</summary>
public sealed class WasmHttpTests(TestHttpServer server) : IClassFixture<TestHttpServer>
{
    private const string Prefix = """{"outputs":{"out":{"type":"String","data":" """;
    private const string Suffix = "\"}},\"state\":null}";

    /// <summary>A plugin that requests <paramref name="url"/> (a GET with X-Test: wasm unless <paramref name="request"/> is the whole request JSON, with <paramref name="body"/> if given) and outputs "status body" on out.</summary>
    private static string Fetcher(string url, string? request = null, string? body = null)
    {
        string prefix = Prefix.TrimEnd();
        int start = 8192 + Encoding.UTF8.GetByteCount(prefix);
        return WatPlugin.Module($$"""
            (local $resp i64) (local $s i32) (local $n i32) (local $i i32) (local $p i32)
            (local.set $resp (call $http_request (call $block {request}) {{(body is null ? "(i64.const 0)" : "(call $block {body})")}}))
            (local.set $s (call $http_status_code))
            (memory.copy (i32.const 8192) {prefix})
            (i32.store8 (i32.const {{start}}) (i32.add (i32.const 48) (i32.div_u (local.get $s) (i32.const 100))))
            (i32.store8 (i32.const {{start + 1}}) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $s) (i32.const 10)) (i32.const 10))))
            (i32.store8 (i32.const {{start + 2}}) (i32.add (i32.const 48) (i32.rem_u (local.get $s) (i32.const 10))))
            (i32.store8 (i32.const {{start + 3}}) (i32.const 32))
            (local.set $p (i32.const {{start + 4}}))
            (local.set $n (i32.wrap_i64 (call $length (local.get $resp))))
            (block $done (loop $copy
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (i32.store8 (i32.add (local.get $p) (local.get $i)) (call $load_u8 (i64.add (local.get $resp) (i64.extend_i32_u (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $copy)))
            (local.set $p (i32.add (local.get $p) (local.get $n)))
            (memory.copy (local.get $p) {suffix})
            (local.set $p (i32.add (local.get $p) (i32.const {{Encoding.UTF8.GetByteCount(Suffix)}})))
            (call $out (i32.const 8192) (i32.sub (local.get $p) (i32.const 8192)))
            (i32.const 0)
            """,
            new Dictionary<string, string>
            {
                ["request"] = request ?? $$$"""{"url":"{{{url}}}","method":"GET","headers":{"X-Test":"wasm"}}""",
                ["prefix"] = prefix,
                ["suffix"] = Suffix,
                ["body"] = body ?? "",
            },
            imports: """
                (import "extism:host/env" "http_request" (func $http_request (param i64 i64) (result i64)))
                (import "extism:host/env" "http_status_code" (func $http_status_code (result i32)))
                """);
    }

    [Fact]
    public async Task A_granted_host_answers_and_its_status_and_body_reach_the_output()
    {
        using JsGraph graph = WasmGraphs.Create();
        var grant = new { permissions = new { net = new[] { server.Authority } } };
        graph.WriteWasm("plugin.wasm", Fetcher($"{server.BaseUrl}/hello"));
        JsRun hello = await graph.RunAsync(WasmGraphs.PluginBesideNative(grant), [("in", [Message.String("go")])]);
        graph.WriteWasm("plugin.wasm", Fetcher($"{server.BaseUrl}/missing"));
        JsRun missing = await graph.RunAsync(WasmGraphs.PluginBesideNative(grant), [("in", [Message.String("go")])]);

        Assert.Empty(hello.Result.Failures);
        Assert.Equal("200 hello", Assert.Single(hello["out"]).AsString());
        Assert.Empty(missing.Result.Failures);
        Assert.Equal("404 no such thing", Assert.Single(missing["out"]).AsString());
    }

    [Fact]
    public async Task A_host_that_is_not_granted_fails_the_node_naming_allow_net_and_is_never_contacted()
    {
        using JsGraph graph = WasmGraphs.Create();
        string key = Guid.NewGuid().ToString("N");
        graph.WriteWasm("plugin.wasm", Fetcher($"{server.BaseUrl}/hello?key={key}"));

        JsRun denied = await graph.RunAsync(WasmGraphs.PluginBesideNative(new { permissions = new { net = new[] { "example.com" } } }),
            [("in", [Message.String("go")])]);

        Assert.Empty(denied["out"]);
        Reflow.Actors.ActorFailure failure = Assert.Single(denied.Result.Failures);
        Assert.Equal("plugin", failure.NodeId);
        Assert.Contains($"http_request GET {server.BaseUrl}/hello?key={key}: net access to '{server.Authority}' is not granted; grant it with --allow-net={server.Authority}",
            failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Hits(key));
    }

    [Fact]
    public async Task A_redirect_to_a_host_that_is_not_granted_is_refused_before_it_is_followed()
    {
        using JsGraph graph = WasmGraphs.Create();
        string key = Guid.NewGuid().ToString("N");
        string target = $"http://localhost:{new Uri(server.BaseUrl).Port}/hello?key={key}";
        graph.WriteWasm("plugin.wasm", Fetcher($"{server.BaseUrl}/redirect?to={Uri.EscapeDataString(target)}"));

        JsRun denied = await graph.RunAsync(WasmGraphs.PluginBesideNative(new { permissions = new { net = new[] { server.Authority } } }),
            [("in", [Message.String("go")])]);

        Assert.Empty(denied["out"]);
        Assert.Contains($"redirected to {target}: net access to 'localhost:{new Uri(server.BaseUrl).Port}' is not granted",
            Assert.Single(denied.Result.Failures).Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Hits(key));
    }

    [Fact]
    public async Task A_POST_carries_its_body_and_request_headers_to_the_server()
    {
        using JsGraph graph = WasmGraphs.Create();
        string url = $"{server.BaseUrl}/echo";
        graph.WriteWasm("plugin.wasm", Fetcher(url,
            $$$"""{"url":"{{{url}}}","method":"POST","headers":{"X-Test":"from wasm","Content-Type":"application/json"}}""", """{"n":1}"""));

        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(new { permissions = new { net = new[] { server.Authority } } }),
            [("in", [Message.String("go")])]);

        Assert.Empty(run.Result.Failures);
        Assert.Equal($"200 POST|application/json|from wasm|{Convert.ToHexString(Encoding.UTF8.GetBytes("""{"n":1}"""))}", Assert.Single(run["out"]).AsString());
    }

    [Fact]
    public async Task Http_headers_gives_the_response_headers_as_a_JSON_object()
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", WatPlugin.Module("""
            (local $h i64) (local $n i32) (local $i i32)
            (drop (call $http_request (call $block {request}) (i64.const 0)))
            (local.set $h (call $http_headers))
            (local.set $n (i32.wrap_i64 (call $length (local.get $h))))
            (memory.copy (i32.const 8192) {open})
            (block $done (loop $copy
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (i32.store8 (i32.add (i32.const 8199) (local.get $i)) (call $load_u8 (i64.add (local.get $h) (i64.extend_i32_u (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $copy)))
            (i32.store8 (i32.add (i32.const 8199) (local.get $n)) (i32.const 125))
            (call $send_output (call $block (i32.const 8192) (i32.add (local.get $n) (i32.const 8))))
            (i32.const 0)
            """,
            new Dictionary<string, string> { ["request"] = $$$"""{"url":"{{{server.BaseUrl}}}/hello"}""", ["open"] = "{\"out\":" },
            imports: """
                (import "extism:host/env" "http_request" (func $http_request (param i64 i64) (result i64)))
                (import "extism:host/env" "http_headers" (func $http_headers (result i64)))
                (import "extism:host/user" "__send_output" (func $send_output (param i64)))
                """));

        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(new { permissions = new { net = new[] { server.Authority } } }),
            [("in", [Message.String("go")])]);

        Assert.Empty(run.Result.Failures);
        MessageObject headers = Assert.Single(run["out"]).AsObject();
        Assert.Equal("yes", headers["x-reflow"].AsString());
        Assert.StartsWith("text/plain", headers["content-type"].AsString(), StringComparison.Ordinal);
        Assert.Equal("5", headers["content-length"].AsString());
    }

    [Fact]
    public async Task A_server_that_never_answers_is_ended_by_the_node_timeout()
    {
        using JsGraph graph = WasmGraphs.Create();
        graph.WriteWasm("plugin.wasm", Fetcher($"{server.BaseUrl}/slow"));

        JsRun run = await graph.RunAsync(WasmGraphs.PluginBesideNative(new { timeout = 300, permissions = new { net = new[] { server.Authority } } }),
            [("in", [Message.String("go")])]);

        Assert.Empty(run["out"]);
        Reflow.Actors.NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == Reflow.Actors.NetworkEventKind.ActorFailed);
        var limit = Assert.IsType<ScriptLimitException>(failed.Exception);
        Assert.Equal("timeout", limit.Limit);
        Assert.Contains($"http_request GET {server.BaseUrl}/slow: no complete response within the node's time limit (300 ms", limit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_307_redirect_of_a_POST_to_a_host_that_is_not_granted_is_refused_and_the_body_never_sent_there()
    {
        using JsGraph graph = WasmGraphs.Create();
        string key = Guid.NewGuid().ToString("N");
        string target = $"http://localhost:{new Uri(server.BaseUrl).Port}/echo?key={key}";
        string url = $"{server.BaseUrl}/redirect?status=307&to={Uri.EscapeDataString(target)}";
        graph.WriteWasm("plugin.wasm", Fetcher(url, $$$"""{"url":"{{{url}}}","method":"POST"}""", "secret body"));

        JsRun denied = await graph.RunAsync(WasmGraphs.PluginBesideNative(new { permissions = new { net = new[] { server.Authority } } }),
            [("in", [Message.String("go")])]);

        Assert.Empty(denied["out"]);
        Assert.Contains($"http_request POST {url}: redirected to {target}: net access to 'localhost:{new Uri(server.BaseUrl).Port}' is not granted; grant it with --allow-net=localhost:{new Uri(server.BaseUrl).Port}",
            Assert.Single(denied.Result.Failures).Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Hits(key));
    }
}
