using System.Net;
using System.Net.Sockets;
using Reflow.Permissions;
using Reflow.Scripting.Python;

namespace Reflow.Scripting.Tests.Python;

/// <summary>The bubblewrap sandbox, for real: what a sandboxed Python can read, write, reach and see.</summary>
public sealed class PythonSandboxTests
{
    [Fact]
    public void A_granted_file_is_readable_and_one_outside_the_grant_is_not()
    {
        using var granted = new PythonTestDirectory();
        using var other = new PythonTestDirectory();
        string file = granted.Write("data.txt", "granted text");
        string secret = other.Write("secret.txt", "secret");
        PermissionSet grant = PermissionSet.None.WithRead(granted.Path);

        Assert.Equal("granted text", SandboxedPython.Run(grant, $"print(open({SandboxedPython.Quote(file)}).read())", granted.Path));
        Assert.Equal("FileNotFoundError", SandboxedPython.Run(grant, SandboxedPython.TryOpen(secret, "r"), granted.Path));
        Assert.Equal("FileNotFoundError", SandboxedPython.Run(grant, SandboxedPython.TryOpen("/etc/hostname", "r"), granted.Path));
        Assert.Equal("FileNotFoundError", SandboxedPython.Run(grant, SandboxedPython.TryOpen("/root/.bashrc", "r"), granted.Path));

        // A grant of one file shows that file and nothing beside it.
        string beside = other.Write("beside.txt", "beside");
        PermissionSet fileGrant = PermissionSet.None.WithRead(secret);
        Assert.Equal("ok", SandboxedPython.Run(fileGrant, SandboxedPython.TryOpen(secret, "r"), granted.Path));
        Assert.Equal("FileNotFoundError", SandboxedPython.Run(fileGrant, SandboxedPython.TryOpen(beside, "r"), granted.Path));
    }

    [Fact]
    public void Writing_works_only_under_a_write_grant()
    {
        using var writable = new PythonTestDirectory();
        using var readable = new PythonTestDirectory();
        readable.Write("existing.txt", "old");
        PermissionSet grant = PermissionSet.None.WithWrite(writable.Path).WithRead(readable.Path);

        Assert.Equal("ok", SandboxedPython.Run(grant, SandboxedPython.TryOpen(writable.Combine("new.txt"), "w", "written"), readable.Path));
        Assert.Equal("written", File.ReadAllText(writable.Combine("new.txt")));

        Assert.Equal("OSError", SandboxedPython.Run(grant, SandboxedPython.TryOpen(readable.Combine("existing.txt"), "w", "x"), readable.Path));
        Assert.Equal("old", File.ReadAllText(readable.Combine("existing.txt")));
        Assert.Equal("OSError", SandboxedPython.Run(grant, SandboxedPython.TryOpen("/usr/reflow-sandbox-test.txt", "w", "x"), readable.Path));

        // /tmp is the sandbox's own: a write there never reaches the host's.
        string hostTemp = Path.Combine(Path.GetTempPath(), $"reflow-sandbox-{Guid.NewGuid():N}.txt");
        Assert.Equal("ok", SandboxedPython.Run(grant, SandboxedPython.TryOpen(hostTemp, "w", "x"), readable.Path));
        Assert.False(File.Exists(hostTemp));
    }

    [Fact]
    public async Task The_network_is_reachable_only_with_a_net_grant()
    {
        using var directory = new PythonTestDirectory();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string connect =
            "import socket\n" +
            $"try:\n    socket.create_connection(('127.0.0.1', {port}), timeout=10).close()\n    print('connected')\n" +
            "except OSError as e:\n    print(type(e).__name__)\n";

        string denied = SandboxedPython.Run(PermissionSet.None, connect, directory.Path);
        Assert.NotEqual("connected", denied);
        Assert.True(denied is "OSError" or "ConnectionRefusedError", denied);

        using var accepting = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<TcpClient> accept = listener.AcceptTcpClientAsync(accepting.Token).AsTask();
        Assert.Equal("connected", SandboxedPython.Run(PermissionSet.FromFlags(["--allow-net"]), connect, directory.Path));
        using TcpClient client = await accept;
        Assert.True(accept.IsCompletedSuccessfully);
    }

    [Fact]
    public void Only_granted_environment_variables_are_visible()
    {
        using var directory = new PythonTestDirectory();
        Environment.SetEnvironmentVariable("REFLOW_PY_SANDBOX_A", "granted");
        Environment.SetEnvironmentVariable("REFLOW_PY_SANDBOX_B", "secret");
        PermissionSet grant = PermissionSet.None.WithEnv("REFLOW_PY_SANDBOX_A");

        string output = SandboxedPython.Run(grant, "import os\nfor k in sorted(os.environ): print(k + '=' + os.environ[k])", directory.Path);

        string[] lines = output.Split('\n');
        Assert.Contains("REFLOW_PY_SANDBOX_A=granted", lines);
        Assert.Contains("HOME=/tmp", lines);
        Assert.Contains("LANG=C.UTF-8", lines);
        string[] names = [.. lines.Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)])];
        Assert.Empty(names.Except(["REFLOW_PY_SANDBOX_A", "PATH", "HOME", "LANG", "LC_CTYPE", "PWD"])); // bwrap sets PWD to the --chdir directory
    }

    [Fact]
    public void The_worker_starts_in_the_script_directory_when_it_is_readable_else_in_tmp()
    {
        using var directory = new PythonTestDirectory();
        const string Cwd = "import os; print(os.getcwd())";

        Assert.Equal(directory.Path, SandboxedPython.Run(PermissionSet.None.WithRead(directory.Path), Cwd, directory.Path));
        Assert.Equal("/tmp", SandboxedPython.Run(PermissionSet.None, Cwd, directory.Path));
    }

    [Fact]
    public void A_grant_of_everything_sees_the_host_under_the_sandbox()
    {
        using var directory = new PythonTestDirectory();
        string file = directory.Write("data.txt", "visible");

        Assert.Equal(File.ReadAllText("/etc/hostname").Trim(), SandboxedPython.Run(PermissionSet.All, "print(open('/etc/hostname').read().strip())", directory.Path));
        Assert.Equal("ok", SandboxedPython.Run(PermissionSet.All, SandboxedPython.TryOpen(directory.Combine("new.txt"), "w", "x"), directory.Path));
        Assert.Equal("x", File.ReadAllText(directory.Combine("new.txt")));
        Assert.Equal("visible", File.ReadAllText(file));
    }
}
