using Reflow.Messages;
using Reflow.Permissions;

namespace Reflow.Scripting.Tests.JavaScript.HostApi;

/// <summary>Deno.readTextFile / writeTextFile (and the Sync forms) behind the node's read and write grants.</summary>
public sealed class HostApiFileTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("reflow-hostapi-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string File(string name) => Path.Combine(_temp, name);

    private static string Js(string text) => MessageJson.ToJson(Message.String(text));

    private const string PasswdDenial =
        "read access to '/etc/passwd' is not granted; grant it with --allow-read=/etc/passwd (or the permissions.read configuration key)";

    [Fact]
    public async Task Reading_etc_passwd_without_permission_is_denied_naming_the_flag_and_the_script_can_catch_it()
    {
        string sync = await HostApiRun.RunAsync("""
            try { return Deno.readTextFileSync('/etc/passwd'); }
            catch (e) { return [e instanceof Error, e.name, e.message]; }
            """, PermissionSet.None.WithWrite("/tmp"));
        string async = await HostApiRun.RunAsync("return await Deno.readTextFile('/etc/passwd');", PermissionSet.None);

        Assert.Equal($"ok:[true,\"NotCapable\",\"{PasswdDenial}\"]", sync);
        Assert.Equal($"error:NotCapable: {PasswdDenial}", async);
    }

    [Fact]
    public async Task An_uncaught_denial_leaves_the_script_with_the_denial_as_its_error()
    {
        string outcome = await HostApiRun.RunAsync("Deno.readTextFileSync('/etc/passwd')", PermissionSet.None, wrap: false);

        Assert.Equal("uncaught:" + PasswdDenial, outcome);
    }

    [Fact]
    public async Task A_granted_file_is_read_by_both_forms_and_a_relative_path_starts_at_the_node_base_directory()
    {
        System.IO.File.WriteAllText(File("data.txt"), "héllo\nworld\n");

        string outcome = await HostApiRun.RunAsync(
            $"return [Deno.readTextFileSync({Js(File("data.txt"))}), await Deno.readTextFile('data.txt')];",
            PermissionSet.None, nodeGrant: PermissionSet.None.WithRead(_temp), baseDirectory: _temp);

        Assert.Equal("ok:[\"héllo\\nworld\\n\",\"héllo\\nworld\\n\"]", outcome);
    }

    [Fact]
    public async Task A_node_grant_replaces_the_network_grant()
    {
        System.IO.File.WriteAllText(File("data.txt"), "x");

        // The network grants the directory; the node's own grant (another directory) is the one that counts.
        string outcome = await HostApiRun.RunAsync($"return Deno.readTextFileSync({Js(File("data.txt"))});",
            PermissionSet.None.WithRead(_temp), nodeGrant: PermissionSet.None.WithRead(File("elsewhere")));

        Assert.Equal($"error:NotCapable: read access to '{File("data.txt")}' is not granted; grant it with --allow-read={File("data.txt")} (or the permissions.read configuration key)", outcome);
    }

    [Fact]
    public async Task A_missing_file_is_NotFound_naming_its_path()
    {
        string outcome = await HostApiRun.RunAsync("return await Deno.readTextFile('missing.txt');",
            PermissionSet.None.WithRead(_temp), baseDirectory: _temp);

        Assert.Equal($"error:NotFound: Deno.readTextFile('missing.txt'): no such file: '{File("missing.txt")}'", outcome);
    }

    [Fact]
    public async Task A_link_out_of_the_granted_directory_is_denied()
    {
        Directory.CreateDirectory(File("data"));
        Directory.CreateDirectory(File("private"));
        System.IO.File.WriteAllText(File("private/key.txt"), "key");
        Directory.CreateSymbolicLink(File("data/private"), File("private"));

        string outcome = await HostApiRun.RunAsync($"return Deno.readTextFileSync({Js(File("data/private/key.txt"))});", PermissionSet.None.WithRead(File("data")));

        Assert.StartsWith($"error:NotCapable: read access to '{File("data/private/key.txt")}' (which is '{File("private/key.txt")}') is not granted", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_without_permission_is_denied_naming_the_flag_and_creates_nothing()
    {
        string sync = await HostApiRun.RunAsync($"Deno.writeTextFileSync({Js(File("out.txt"))}, 'x'); return 'written';", PermissionSet.None.WithRead(_temp));
        string async = await HostApiRun.RunAsync($"await Deno.writeTextFile({Js(File("out.txt"))}, 'x'); return 'written';", PermissionSet.None.WithRead(_temp));

        string denial = $"error:NotCapable: write access to '{File("out.txt")}' is not granted; grant it with --allow-write={File("out.txt")} (or the permissions.write configuration key)";
        Assert.Equal(denial, sync);
        Assert.Equal(denial, async);
        Assert.False(System.IO.File.Exists(File("out.txt")));
    }

    [Fact]
    public async Task A_granted_write_creates_replaces_and_appends()
    {
        string outcome = await HostApiRun.RunAsync($$"""
            await Deno.writeTextFile('out.txt', 'old');
            Deno.writeTextFileSync('out.txt', 'né\n');
            await Deno.writeTextFile('out.txt', 'two\n', { append: true });
            return undefined;
            """, PermissionSet.None.WithWrite(_temp), baseDirectory: _temp);

        Assert.Equal("ok:undefined", outcome);
        Assert.Equal("né\ntwo\n", System.IO.File.ReadAllText(File("out.txt")));
    }

    [Fact]
    public async Task Wrong_arguments_are_TypeErrors_saying_what_was_expected()
    {
        string outcome = await HostApiRun.RunAsync("""
            const r = [];
            for (const f of [() => Deno.readTextFileSync(42), () => Deno.writeTextFileSync('x.txt', {})]) {
              try { f(); } catch (e) { r.push(e.name + ': ' + e.message); }
            }
            return r;
            """, PermissionSet.All);

        Assert.Equal("""ok:["TypeError: Deno.readTextFile(path): path must be a non-empty string, not a number","TypeError: Deno.writeTextFile('x.txt', data): data must be a string, not an object"]""", outcome);
    }
}
