using System.Net;
using System.Net.Sockets;
using Reflow.Permissions;

namespace Reflow.Scripting.Tests.JavaScript.HostApi;

/// <summary>fetch against real Kestrel servers on 127.0.0.1, behind the node's net grant.</summary>
public sealed class HostApiFetchTests(TestHttpServer server) : IClassFixture<TestHttpServer>
{
    private static string Key() => Guid.NewGuid().ToString("N");

    private PermissionSet Granted => PermissionSet.None.WithNet(server.Authority);

    [Fact]
    public async Task A_granted_fetch_returns_status_headers_and_body()
    {
        string outcome = await HostApiRun.RunAsync($$"""
            const r = await fetch('{{server.BaseUrl}}/hello');
            return [r.status, r.ok, r.statusText, r.headers.get('x-reflow'), r.headers.get('Content-Type'), r.headers.get('nope'),
                    r.headers.has('X-REFLOW'), r.redirected, r.bodyUsed, await r.text(), r.bodyUsed];
            """, Granted);

        Assert.Equal("""ok:[200,true,"OK","yes","text/plain",null,true,false,false,"hello",true]""", outcome);
    }

    [Fact]
    public async Task Json_bytes_and_arrayBuffer_read_the_body_and_a_second_read_is_a_TypeError()
    {
        string outcome = await HostApiRun.RunAsync($$"""
            const j = await (await fetch('{{server.BaseUrl}}/json')).json();
            const b = await (await fetch('{{server.BaseUrl}}/bytes')).bytes();
            const a = await (await fetch('{{server.BaseUrl}}/bytes')).arrayBuffer();
            const r = await fetch('{{server.BaseUrl}}/missing');
            const text = await r.text();
            let again;
            try { await r.text(); } catch (e) { again = e.name; }
            return [j, b instanceof Uint8Array, Array.from(b), a instanceof ArrayBuffer, a.byteLength, r.status, r.ok, text, again];
            """, Granted);

        Assert.Equal("""ok:[{"a":1,"b":[true,null]},true,[0,1,255],true,3,404,false,"no such thing","TypeError"]""", outcome);
    }

    [Fact]
    public async Task A_POST_sends_its_method_headers_and_a_string_or_Uint8Array_body()
    {
        string outcome = await HostApiRun.RunAsync($$"""
            const s = await fetch('{{server.BaseUrl}}/echo', { method: 'post', headers: { 'X-Test': 't1' }, body: 'hi' });
            const u = await fetch('{{server.BaseUrl}}/echo', { method: 'PUT', headers: [['Content-Type', 'application/octet-stream']], body: new Uint8Array([1, 2]) });
            return [await s.text(), await u.text()];
            """, Granted);

        Assert.Equal("""ok:["POST|text/plain;charset=UTF-8|t1|6869","PUT|application/octet-stream||0102"]""", outcome);
    }

    [Fact]
    public async Task A_host_that_is_not_granted_is_denied_before_any_connection()
    {
        string key = Key();
        string outcome = await HostApiRun.RunAsync($$"""
            try { await fetch('{{server.BaseUrl}}/hello?key={{key}}'); return 'fetched'; }
            catch (e) { return [e instanceof Error, e.name, e.message]; }
            """, PermissionSet.None.WithNet("localhost", "127.0.0.2"));

        Assert.Equal(
            $"ok:[true,\"NotCapable\",\"net access to '{server.Authority}' is not granted; grant it with --allow-net={server.Authority} (or the permissions.net configuration key)\"]",
            outcome);
        Assert.Equal(0, server.Hits(key)); // the server never saw it
    }

    [Fact]
    public async Task A_redirect_from_a_granted_host_to_one_that_is_not_is_denied_and_never_sent()
    {
        var elsewhere = new TestHttpServer();
        await elsewhere.InitializeAsync();
        try
        {
            string key = Key();
            string target = $"{elsewhere.BaseUrl}/hello?key={key}";
            string start = $"{server.BaseUrl}/redirect?key={key}&to={Uri.EscapeDataString(target)}";

            string outcome = await HostApiRun.RunAsync($"return await fetch('{start}');", Granted);

            Assert.Equal(
                $"error:NotCapable: fetch GET {start}: redirected to {target}: net access to '{elsewhere.Authority}' is not granted; grant it with --allow-net={elsewhere.Authority} (or the permissions.net configuration key)",
                outcome);
            Assert.Equal(1, server.Hits(key));
            Assert.Equal(0, elsewhere.Hits(key));
        }
        finally
        {
            await elsewhere.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_redirect_to_a_granted_host_is_followed_and_manual_mode_returns_the_redirect()
    {
        var elsewhere = new TestHttpServer();
        await elsewhere.InitializeAsync();
        try
        {
            string key = Key();
            string target = $"{elsewhere.BaseUrl}/hello?key={key}";
            string start = $"{server.BaseUrl}/redirect?status=307&to={Uri.EscapeDataString(target)}";

            string outcome = await HostApiRun.RunAsync($$"""
                const r = await fetch('{{start}}');
                const m = await fetch('{{start}}', { redirect: 'manual' });
                return [r.status, r.redirected, r.url, await r.text(), m.status, m.headers.get('location')];
                """, PermissionSet.None.WithNet(server.Authority, elsewhere.Authority));

            Assert.Equal($"ok:[200,true,\"{target}\",\"hello\",307,\"{target}\"]", outcome);
            Assert.Equal(1, elsewhere.Hits(key));
        }
        finally
        {
            await elsewhere.DisposeAsync();
        }
    }

    [Fact]
    public async Task Endless_redirects_stop_at_twenty()
    {
        string key = Key();
        string outcome = await HostApiRun.RunAsync($"return await fetch('{server.BaseUrl}/redirect?key={key}');", Granted);

        Assert.StartsWith($"error:TypeError: fetch GET {server.BaseUrl}/redirect?key={key}: more than 20 redirects", outcome, StringComparison.Ordinal);
        Assert.Equal(21, server.Hits(key));
    }

    [Fact]
    public async Task A_refused_connection_is_a_TypeError_naming_the_host()
    {
        int port = FreePort();
        string outcome = await HostApiRun.RunAsync($"return await fetch('http://127.0.0.1:{port}/x');", PermissionSet.None.WithNet("127.0.0.1"));

        Assert.StartsWith($"error:TypeError: fetch GET http://127.0.0.1:{port}/x: cannot connect to 127.0.0.1:{port}: ", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_that_never_comes_ends_with_the_node_time_limit()
    {
        string outcome = await HostApiRun.RunAsync($"return await fetch('{server.BaseUrl}/slow');", Granted,
            limits: ScriptLimits.Default with { Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal($"error:TimeoutError: fetch GET {server.BaseUrl}/slow: no complete response within the node's time limit (300 ms; raise it with the 'timeout' setting)", outcome);
    }

    [Fact]
    public async Task Only_http_URLs_and_the_right_argument_types_are_accepted()
    {
        string outcome = await HostApiRun.RunAsync($$"""
            const r = [];
            for (const call of [() => fetch('file:///etc/passwd'), () => fetch('/relative'), () => fetch('{{server.BaseUrl}}/echo', { method: 'POST', body: { a: 1 } }),
                                () => fetch('{{server.BaseUrl}}/hello', { body: 'x' })]) {
              try { await call(); r.push('fetched'); } catch (e) { r.push(e.name); }
            }
            return r;
            """, PermissionSet.All);

        Assert.Equal("""ok:["TypeError","TypeError","TypeError","TypeError"]""", outcome);
    }

    [Fact]
    public async Task What_the_script_gets_is_plain_JavaScript()
    {
        string outcome = await HostApiRun.RunAsync($$"""
            const r = await fetch('{{server.BaseUrl}}/hello');
            return [typeof fetch, Object.getPrototypeOf(r) === Object.prototype, Object.getPrototypeOf(r.headers) === Object.prototype,
                    Object.keys(Deno).sort(), Object.keys(Deno.env).sort(), typeof System, typeof importNamespace, JSON.stringify(r.headers.entries().filter(e => e[0] === 'x-reflow'))];
            """, Granted);

        Assert.Equal("""ok:["function",true,true,["env","permissions","readTextFile","readTextFileSync","writeTextFile","writeTextFileSync"],["get","has"],"undefined","undefined","[[\"x-reflow\",\"yes\"]]"]""", outcome);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed when disposed: nothing listens there
    }
}
