using System.Text.Json;
using Reflow.Permissions;

namespace Reflow.Scripting.Tests.JavaScript.HostApi;

/// <summary>
/// A script that catches a denial and tries another way to the same place: other spellings of the host (a name for
/// the address, other forms of the address, user information in the URL), other spellings of the path (<c>..</c> from
/// a granted folder, a <c>file:</c> URL (an object standing for one, as Deno takes a URL), a link in a granted folder, <c>fetch</c> of a file). Every attempt is refused
/// and nothing is reached: the server sees no request, the script never gets the file's text.
/// </summary>
public sealed class HostApiEvasionTests(TestHttpServer server) : IClassFixture<TestHttpServer>, IDisposable
{
    private const string Secret = "evasion-secret-text";
    private readonly string _temp = Directory.CreateTempSubdirectory("reflow-js-evasion-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>Runs every attempt in turn, catching each failure; returns what each gave: <c>ok:…</c> or the error's name.</summary>
    private static string Attempts(IEnumerable<string> calls) => $$"""
        const outcomes = [];
        for (const attempt of [{{string.Join(", ", calls.Select(c => $"async () => {c}"))}}]) {
          try { outcomes.push('ok:' + await attempt()); } catch (e) { outcomes.push(e.name); }
        }
        return outcomes;
        """;

    [Fact]
    public async Task Other_spellings_of_a_host_that_is_not_granted_are_denied_and_never_connect()
    {
        string key = Guid.NewGuid().ToString("N");
        int port = new Uri(server.BaseUrl).Port;
        string[] urls =
        [
            $"http://127.0.0.1:{port}/hello?key={key}",
            $"http://localhost:{port}/hello?key={key}",
            $"http://127.1:{port}/hello?key={key}",
            $"http://2130706433:{port}/hello?key={key}",
            $"http://0x7f000001:{port}/hello?key={key}",
            $"http://[::ffff:127.0.0.1]:{port}/hello?key={key}",
            $"http://127.0.0.1.:{port}/hello?key={key}",
            $"http://example.com@127.0.0.1:{port}/hello?key={key}",
            $"http://example.com:{port}@127.0.0.1:{port}/hello?key={key}",
        ];

        // Granted: example.com and the server's address on another port.
        string outcome = await HostApiRun.RunAsync(Attempts(urls.Select(u => $"(await fetch({JsonSerializer.Serialize(u)})).status")),
            PermissionSet.None.WithNet("example.com", $"127.0.0.1:{(port == 1 ? 2 : 1)}"));

        Assert.Equal($"ok:{JsonSerializer.Serialize(urls.Select(_ => "NotCapable"))}", outcome);
        Assert.Equal(0, server.Hits(key));
    }

    [Fact]
    public async Task Other_spellings_of_a_path_that_is_not_granted_are_denied_and_never_read()
    {
        string granted = Path.Combine(_temp, "granted");
        string secret = Path.Combine(_temp, "private", "secret.txt");
        Directory.CreateDirectory(granted);
        Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
        File.WriteAllText(secret, Secret);
        Directory.CreateSymbolicLink(Path.Combine(granted, "link"), Path.GetDirectoryName(secret)!);
        File.CreateSymbolicLink(Path.Combine(granted, "file-link.txt"), secret);
        string[] calls =
        [
            $"await Deno.readTextFile({Js(secret)})",
            $"await Deno.readTextFile({Js(granted + "/../private/secret.txt")})",
            $"await Deno.readTextFile({Js("../private/secret.txt")})", // relative: from the node's base directory, the granted folder
            $"await Deno.readTextFile({{ toString: () => {Js(new Uri(secret).AbsoluteUri)} }})",
            $"Deno.readTextFileSync({Js(granted + "/link/secret.txt")})",
            $"Deno.readTextFileSync({Js(granted + "/file-link.txt")})",
            $"(await fetch({Js(new Uri(secret).AbsoluteUri)})).status",
        ];

        string outcome = await HostApiRun.RunAsync(Attempts(calls), PermissionSet.None.WithRead(granted).WithAll(PermissionKind.Net), baseDirectory: granted);

        Assert.Equal($"ok:{JsonSerializer.Serialize(new[] { "NotCapable", "NotCapable", "NotCapable", "NotCapable", "NotCapable", "NotCapable", "TypeError" })}", outcome);
        Assert.DoesNotContain(Secret, outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_denied_one_way_is_denied_every_other_way_and_creates_nothing()
    {
        string granted = Path.Combine(_temp, "granted");
        string elsewhere = Path.Combine(_temp, "elsewhere");
        Directory.CreateDirectory(granted);
        Directory.CreateDirectory(elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(granted, "link"), elsewhere);
        string target = Path.Combine(elsewhere, "out.txt");
        string[] calls =
        [
            $"await Deno.writeTextFile({Js(target)}, 'x')",
            $"Deno.writeTextFileSync({Js(target)}, 'x', {{ append: true }})",
            $"await Deno.writeTextFile({Js(granted + "/../elsewhere/out.txt")}, 'x')",
            $"await Deno.writeTextFile({Js(granted + "/link/out.txt")}, 'x', {{ create: true }})",
            $"await Deno.writeTextFile({{ toString: () => {Js(new Uri(target).AbsoluteUri)} }}, 'x')",
        ];

        // Read of everything, write of the granted folder only: read is not write.
        string outcome = await HostApiRun.RunAsync(Attempts(calls), PermissionSet.None.WithWrite(granted).WithRead("/"), baseDirectory: granted);

        Assert.Equal($"ok:{JsonSerializer.Serialize(calls.Select(_ => "NotCapable"))}", outcome);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    private static string Js(string text) => JsonSerializer.Serialize(text);
}
