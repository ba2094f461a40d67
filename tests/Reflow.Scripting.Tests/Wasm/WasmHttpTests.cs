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

    /// <summary>A plugin that requests <paramref name="url"/> and outputs "status body" on out.</summary>
    private static string Fetcher(string url)
    {
        string prefix = Prefix.TrimEnd();
        int start = 8192 + Encoding.UTF8.GetByteCount(prefix);
        return WatPlugin.Module($$"""
            (local $resp i64) (local $s i32) (local $n i32) (local $i i32) (local $p i32)
            (local.set $resp (call $http_request (call $block {request}) (i64.const 0)))
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
                ["request"] = $$$"""{"url":"{{{url}}}","method":"GET","headers":{"X-Test":"wasm"}}""",
                ["prefix"] = prefix,
                ["suffix"] = Suffix,
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
}
