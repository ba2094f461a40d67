using Reflow.Permissions;

namespace Reflow.Tests.Permissions;

/// <summary>The permission model: path prefixes by whole components, <c>..</c>, hosts and ports, names, flags.</summary>
public sealed class PermissionSetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("reflow-perms-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string At(params string[] parts) => Path.Combine([_root, .. parts]);

    [Fact]
    public void None_grants_nothing_and_All_grants_everything()
    {
        Assert.True(PermissionSet.None.IsNone);
        Assert.False(PermissionSet.None.AllowsRead(At("x")));
        Assert.False(PermissionSet.None.AllowsNet("example.com", 443));
        Assert.False(PermissionSet.None.AllowsEnv("HOME"));
        Assert.False(PermissionSet.None.AllowsRun("curl"));

        Assert.True(PermissionSet.All.AllowsRead("/etc/passwd"));
        Assert.True(PermissionSet.All.AllowsWrite(At("x")));
        Assert.True(PermissionSet.All.AllowsNet(new Uri("https://example.com/")));
        Assert.True(PermissionSet.All.AllowsEnv("HOME"));
        Assert.True(PermissionSet.All.AllowsRun("/bin/sh"));
        Assert.Equal(["--allow-all"], PermissionSet.All.ToFlags());
        Assert.Equal("(none)", PermissionSet.None.ToString());
    }

    [Fact]
    public void A_path_grant_covers_the_path_and_what_is_below_it_by_whole_components()
    {
        PermissionSet permissions = PermissionSet.None.WithRead(At("data"));

        Assert.True(permissions.AllowsRead(At("data")));
        Assert.True(permissions.AllowsRead(At("data", "x.txt")));
        Assert.True(permissions.AllowsRead(At("data", "deep", "er", "y")));
        Assert.True(permissions.AllowsRead(At("data") + Path.DirectorySeparatorChar));
        Assert.False(permissions.AllowsRead(At("database")));
        Assert.False(permissions.AllowsRead(At("database", "x.txt")));
        Assert.False(permissions.AllowsRead(At("dat")));
        Assert.False(permissions.AllowsRead(_root));
        Assert.False(permissions.AllowsWrite(At("data", "x.txt"))); // read is not write
    }

    [Fact]
    public void A_grant_with_a_trailing_separator_or_dots_is_the_same_grant()
    {
        PermissionSet permissions = PermissionSet.None.WithRead(At("data") + "/./sub/../");

        Assert.Equal([At("data")], permissions.Granted(PermissionKind.Read));
        Assert.True(permissions.AllowsRead(At("data", "x")));
        Assert.False(permissions.AllowsRead(At("database")));
    }

    [Fact]
    public void Dot_dot_is_resolved_before_the_check_so_it_cannot_leave_a_granted_directory()
    {
        PermissionSet permissions = PermissionSet.None.WithRead(At("data"));
        string escape = At("data") + "/../secret.txt";

        Assert.False(permissions.AllowsRead(escape));
        Assert.True(permissions.AllowsRead(At("data") + "/sub/../x.txt"));
        PermissionDeniedException denied = Assert.Throws<PermissionDeniedException>(() => permissions.CheckRead(escape));
        Assert.Equal(At("secret.txt"), denied.Target);
        Assert.Equal($"--allow-read={At("secret.txt")}", denied.Flag);
    }

    [Fact]
    public void The_message_names_what_was_denied_and_the_exact_flag_and_key_that_grant_it()
    {
        PermissionDeniedException denied = Assert.Throws<PermissionDeniedException>(() => PermissionSet.None.CheckRead("/etc/passwd"));

        Assert.Equal(
            "read access to '/etc/passwd' is not granted; grant it with --allow-read=/etc/passwd (or the permissions.read configuration key)",
            denied.Message);
        Assert.Equal(PermissionKind.Read, denied.Kind);
        Assert.Equal("permissions.read", denied.ConfigurationKey);

        denied = Assert.Throws<PermissionDeniedException>(() => PermissionSet.None.CheckNet(new Uri("https://Example.COM/x")));
        Assert.Equal(
            "net access to 'example.com:443' is not granted; grant it with --allow-net=example.com:443 (or the permissions.net configuration key)",
            denied.Message);
        Assert.Equal("env access to 'HOME' is not granted; grant it with --allow-env=HOME (or the permissions.env configuration key)",
            Assert.Throws<PermissionDeniedException>(() => PermissionSet.None.CheckEnv("HOME")).Message);
    }

    [Fact]
    public void A_symbolic_link_inside_a_granted_directory_cannot_lead_out_of_it()
    {
        Directory.CreateDirectory(At("data"));
        Directory.CreateDirectory(At("secret"));
        File.WriteAllText(At("secret", "key.txt"), "k");
        File.WriteAllText(At("data", "ok.txt"), "ok");
        Directory.CreateSymbolicLink(At("data", "to-secret"), At("secret"));
        File.CreateSymbolicLink(At("data", "key-link.txt"), Path.Combine("..", "secret", "key.txt")); // relative target
        File.CreateSymbolicLink(At("data", "dangling.txt"), At("secret", "not-yet.txt"));
        PermissionSet permissions = PermissionSet.None.WithRead(At("data")).WithWrite(At("data"));

        Assert.True(permissions.AllowsRead(At("data", "ok.txt")));
        Assert.False(permissions.AllowsRead(At("data", "to-secret", "key.txt")));
        Assert.False(permissions.AllowsRead(At("data", "key-link.txt")));
        Assert.False(permissions.AllowsWrite(At("data", "dangling.txt"))); // writing would create the target, outside
        Assert.False(permissions.AllowsWrite(At("data", "to-secret", "new", "file.txt")));

        PermissionDeniedException denied = Assert.Throws<PermissionDeniedException>(() => permissions.CheckRead(At("data", "key-link.txt")));
        Assert.Equal(At("secret", "key.txt"), denied.Target);
        Assert.Contains($"'{At("data", "key-link.txt")}' (which is '{At("secret", "key.txt")}')", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_granted_link_grants_its_target_and_the_check_returns_the_path_to_open()
    {
        Directory.CreateDirectory(At("real"));
        Directory.CreateSymbolicLink(At("alias"), At("real"));
        PermissionSet permissions = PermissionSet.None.WithRead(At("alias"));

        Assert.Equal([At("real")], permissions.Granted(PermissionKind.Read));
        Assert.Equal(At("real", "x.txt"), permissions.CheckRead(At("alias", "x.txt")));
        Assert.True(permissions.AllowsRead(At("real", "x.txt")));
    }

    [Fact]
    public void A_loop_of_links_is_denied_and_cannot_be_granted()
    {
        File.CreateSymbolicLink(At("a"), At("b"));
        File.CreateSymbolicLink(At("b"), At("a"));

        Assert.False(PermissionSet.None.WithRead(_root).AllowsRead(At("a")));
        ArgumentException ex = Assert.Throws<ArgumentException>(() => PermissionSet.None.WithRead(At("a")));
        Assert.Contains("symbolic links", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_grants_start_at_the_given_directory()
    {
        PermissionSet permissions = PermissionSet.None.With(PermissionKind.Write, ["out"], _root);

        Assert.Equal([At("out")], permissions.Granted(PermissionKind.Write));
        Assert.True(permissions.AllowsWrite(At("out", "x")));
    }

    [Theory]
    [InlineData("example.com", "example.com", 443, true)]
    [InlineData("example.com", "example.com", 8080, true)] // a bare host grants every port
    [InlineData("example.com:443", "example.com", 443, true)]
    [InlineData("example.com:443", "example.com", 80, false)]
    [InlineData("Example.COM", "EXAMPLE.com", 80, true)] // host names ignore case
    [InlineData("example.com.", "example.com", 80, true)] // the root's dot
    [InlineData("example.com", "api.example.com", 443, false)] // no subdomains
    [InlineData("example.com", "example.com.evil.net", 443, false)]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080, true)]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8081, false)]
    [InlineData("localhost", "127.0.0.1", 80, false)] // a name is not its addresses
    [InlineData("[::1]:8080", "::1", 8080, true)]
    [InlineData("::1", "0:0:0:0:0:0:0:1", 1, true)]
    public void A_net_grant_covers_its_host_on_any_port_or_on_its_port(string grant, string host, int port, bool allowed)
    {
        Assert.Equal(allowed, PermissionSet.None.WithNet(grant).AllowsNet(host, port));
    }

    [Fact]
    public void A_URL_is_checked_by_its_host_and_port_the_default_port_when_it_names_none()
    {
        PermissionSet permissions = PermissionSet.None.WithNet("api.example.com:443", "127.0.0.1:8080", "[::1]");

        Assert.True(permissions.AllowsNet(new Uri("https://API.example.com/v1?q=1")));
        Assert.False(permissions.AllowsNet(new Uri("http://api.example.com/")));          // port 80
        Assert.True(permissions.AllowsNet(new Uri("http://127.0.0.1:8080/x")));
        Assert.True(permissions.AllowsNet(new Uri("http://[::1]:9000/")));
        Assert.False(permissions.AllowsNet(new Uri("http://127.0.0.1/")));
        Assert.True(permissions.TryCheck(PermissionKind.Net, "api.example.com:443", out _));
        Assert.False(permissions.TryCheck(PermissionKind.Net, "api.example.com", out PermissionDeniedException? denial)); // any port asked: only a bare grant covers it
        Assert.Equal("--allow-net=api.example.com", denial!.Flag);
    }

    [Theory]
    [InlineData("https://example.com", "not a URL")]
    [InlineData("example.com:0", "a port from 1 to 65535")]
    [InlineData("example.com:70000", "a port from 1 to 65535")]
    [InlineData("example.com:http", "a port from 1 to 65535")]
    [InlineData("", "a host name or an IP address")]
    [InlineData("exa mple.com", "a host name or an IP address")]
    [InlineData("[::1", "an IPv6 address in brackets")]
    public void An_invalid_net_grant_is_refused_saying_what_was_expected(string grant, string expected)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => PermissionSet.None.WithNet(grant));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{grant}' is not a net permission", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Env_grants_names_exactly_or_by_a_prefix_ending_in_a_star()
    {
        PermissionSet permissions = PermissionSet.None.WithEnv("HOME", "AWS_*");

        Assert.True(permissions.AllowsEnv("HOME"));
        Assert.False(permissions.AllowsEnv("HOMEPATH"));
        Assert.True(permissions.AllowsEnv("AWS_REGION"));
        Assert.False(permissions.AllowsEnv("AWSREGION"));
        Assert.Equal(!OperatingSystem.IsWindows(), !permissions.AllowsEnv("home")); // names ignore case on Windows only
        Assert.Throws<ArgumentException>(() => PermissionSet.None.WithEnv("A=B"));
        Assert.Throws<ArgumentException>(() => PermissionSet.None.WithEnv("A*B"));
    }

    [Fact]
    public void Environment_variables_are_read_only_when_granted()
    {
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), PermissionSet.None.WithEnv("PATH").GetEnvironmentVariable("PATH"));
        Assert.Throws<PermissionDeniedException>(() => PermissionSet.None.GetEnvironmentVariable("PATH"));
    }

    [Fact]
    public void Run_grants_a_bare_name_as_given_or_a_program_file_by_its_path()
    {
        string tool = At("bin", "tool");
        Directory.CreateDirectory(At("bin"));
        File.WriteAllText(tool, "");
        PermissionSet permissions = PermissionSet.None.WithRun("curl", tool);

        Assert.True(permissions.AllowsRun("curl"));
        Assert.False(permissions.AllowsRun("/tmp/evil/curl")); // a path is not the name
        Assert.True(permissions.AllowsRun(At("bin", "..", "bin", "tool")));
        Assert.False(permissions.AllowsRun("tool"));
        Assert.Equal("--allow-run=wget", Assert.Throws<PermissionDeniedException>(() => permissions.CheckRun("wget")).Flag);
    }

    [Fact]
    public void Flags_are_read_and_written_back_the_same()
    {
        PermissionSet permissions = PermissionSet.FromFlags(
            [$"--allow-read={At("a")},{At("b")}", "--allow-net=example.com:443", "--allow-net=127.0.0.1", "--allow-env", "--allow-run=git"]);

        Assert.True(permissions.AllowsRead(At("b", "x")));
        Assert.True(permissions.IsUnrestricted(PermissionKind.Env));
        Assert.False(permissions.IsUnrestricted(PermissionKind.Write));
        Assert.Equal(
            [$"--allow-read={At("a")},{At("b")}", "--allow-net=example.com:443,127.0.0.1", "--allow-env", "--allow-run=git"],
            permissions.ToFlags());
        Assert.Equal(permissions.ToFlags(), PermissionSet.FromFlags(permissions.ToFlags()).ToFlags());
        Assert.Same(PermissionSet.All, PermissionSet.FromFlags(["-A"]));
        ArgumentException ex = Assert.Throws<ArgumentException>(() => PermissionSet.FromFlags(["--allow-disk"]));
        Assert.Contains("'--allow-disk' is not a permission flag", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Union_adds_grants_and_an_unrestricted_kind_absorbs_its_list()
    {
        PermissionSet a = PermissionSet.None.WithRead(At("a")).WithNet("example.com");
        PermissionSet b = PermissionSet.None.WithRead(At("b")).WithAll(PermissionKind.Net);
        PermissionSet union = a.Union(b);

        Assert.True(union.AllowsRead(At("a", "x")) && union.AllowsRead(At("b", "x")));
        Assert.True(union.IsUnrestricted(PermissionKind.Net));
        Assert.Empty(union.Granted(PermissionKind.Net));
        Assert.False(a.AllowsRead(At("b"))); // immutable: a is unchanged
        Assert.Same(a, a.WithRead(At("a")));  // nothing new: the same set
    }

    [Fact]
    public void A_path_that_cannot_be_a_path_is_denied_not_thrown()
    {
        Assert.False(PermissionSet.None.WithRead(_root).AllowsRead(At("a\0b")));
    }
}
