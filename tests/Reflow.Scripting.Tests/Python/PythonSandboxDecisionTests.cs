using Reflow.Messages;
using Reflow.Permissions;
using Reflow.Scripting.Python;

namespace Reflow.Scripting.Tests.Python;

/// <summary>Whether a worker runs sandboxed, unsandboxed or not at all, and the bubblewrap command it gets.</summary>
public sealed class PythonSandboxDecisionTests
{
    private static PythonCommand Decide(PythonSandboxMode mode, PythonSandbox? sandbox, PermissionSet grant, string directory) =>
        PythonSandbox.Decide(mode, sandbox, "py", SandboxedPython.Command("print('ran')", directory), PythonInterpreter.Resolve("python3"),
            grant, directory, venv: null, directory);

    [Theory]
    [InlineData("none", true)]
    [InlineData("auto", false)]
    public void Without_a_sandbox_a_restricted_grant_refuses_to_start_and_says_what_to_do(string setting, bool bubblewrapExists)
    {
        PythonSandboxMode mode = PythonSandbox.ParseMode(setting);
        using var directory = new PythonTestDirectory();
        PythonSandbox? sandbox = bubblewrapExists ? SandboxedPython.Sandbox : null;

        var e = Assert.Throws<ScriptException>(() => Decide(mode, sandbox, PermissionSet.None.WithRead(directory.Path), directory.Path));

        Assert.StartsWith("Python node 'py' is granted only part of what it could reach (--allow-read=", e.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install bubblewrap", e.Message, StringComparison.Ordinal);
        Assert.Contains("permissions = \"--allow-all\"", e.Message, StringComparison.Ordinal);
        Assert.Contains(mode == PythonSandboxMode.None ? "sandbox = \"none\" turns the process sandbox off" : "bubblewrap (bwrap) was not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_sandbox_a_grant_of_everything_runs_the_interpreter_itself()
    {
        using var directory = new PythonTestDirectory();

        PythonCommand command = Decide(PythonSandboxMode.None, SandboxedPython.Sandbox, PermissionSet.All, directory.Path);

        Assert.Equal(PythonInterpreter.Resolve("python3").Executable, command.FileName);
        PythonCommandResult result = PythonCommandRunner.Run(command, null, null, TimeSpan.FromSeconds(60));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ran\n", result.Output);
    }

    [Fact]
    public void Bubblewrap_mode_without_bubblewrap_refuses_even_everything()
    {
        using var directory = new PythonTestDirectory();

        var e = Assert.Throws<ScriptException>(() => Decide(PythonSandboxMode.Bubblewrap, null, PermissionSet.All, directory.Path));

        Assert.Contains("sandbox = \"bubblewrap\" but bubblewrap (bwrap) was not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_mode_with_bubblewrap_wraps_every_grant()
    {
        using var directory = new PythonTestDirectory();

        PythonCommand restricted = Decide(PythonSandboxMode.Auto, SandboxedPython.Sandbox, PermissionSet.None, directory.Path);
        PythonCommand everything = Decide(PythonSandboxMode.Auto, SandboxedPython.Sandbox, PermissionSet.All, directory.Path);

        Assert.Equal(SandboxedPython.Sandbox.Bubblewrap, restricted.FileName);
        Assert.Equal(SandboxedPython.Sandbox.Bubblewrap, everything.FileName);
        Assert.Equal("ran\n", PythonCommandRunner.Run(restricted, null, null, TimeSpan.FromSeconds(60)).Output);
    }

    [Theory]
    [InlineData(null, "Auto")]
    [InlineData("auto", "Auto")]
    [InlineData(" Bubblewrap ", "Bubblewrap")]
    [InlineData("none", "None")]
    public void Sandbox_modes_are_read(string? text, string expected) => Assert.Equal(expected, PythonSandbox.ParseMode(text).ToString());

    [Fact]
    public void An_unknown_sandbox_mode_names_the_expected_ones()
    {
        var e = Assert.Throws<ScriptException>(() => PythonSandbox.ParseMode("docker"));

        Assert.Equal("sandbox = 'docker' is not a Python sandbox mode: expected \"auto\", \"bubblewrap\" or \"none\".", e.Message);
    }

    [Fact]
    public void The_command_unshares_everything_binds_grants_in_order_and_gives_bubblewrap_only_granted_variables()
    {
        using var directory = new PythonTestDirectory();
        string data = Directory.CreateDirectory(directory.Combine("data")).FullName;
        string output = Directory.CreateDirectory(directory.Combine("data", "out")).FullName;
        Environment.SetEnvironmentVariable("REFLOW_PY_ARGS_TOKEN", "t");
        Environment.SetEnvironmentVariable("REFLOW_PY_ARGS_OTHER", "o");
        PermissionSet grant = PermissionSet.FromFlags(["--allow-read=" + data, "--allow-write=" + output, "--allow-env=REFLOW_PY_ARGS_TOKEN"]);

        PythonCommand command = SandboxedPython.Wrap(grant, "pass", data, directory.Path);
        List<string> args = [.. command.Arguments];

        Assert.Equal(["--die-with-parent", "--new-session", "--unshare-all", "--ro-bind", "/usr", "/usr"], args[..6]);
        Assert.DoesNotContain("--share-net", args);
        Assert.DoesNotContain("/etc/resolv.conf", args);
        Assert.True(command.ClearEnvironment);
        Assert.Equal("t", command.Environment["REFLOW_PY_ARGS_TOKEN"]);
        Assert.Equal("/tmp", command.Environment["HOME"]);
        Assert.False(command.Environment.ContainsKey("REFLOW_PY_ARGS_OTHER"));
        Assert.DoesNotContain("t", args); // a granted value never goes on the command line, which /proc shows to everyone
        Assert.DoesNotContain("--setenv", args);
        int tmp = IndexOf(args, "--tmpfs", "/tmp");
        int read = IndexOf(args, "--ro-bind-try", data, data);
        int write = IndexOf(args, "--bind-try", output, output);
        Assert.True(tmp >= 0 && read > tmp && write > read, string.Join(' ', args));
        Assert.Equal(["--chdir", data, "--", PythonInterpreter.Resolve("python3").Executable, "-I", "-c", "pass"], args[^7..]);
        Assert.Equal(data, command.WorkingDirectory);
    }

    [Fact]
    public void A_net_grant_shares_the_network_and_name_resolution_files()
    {
        using var directory = new PythonTestDirectory();

        List<string> args = [.. SandboxedPython.Wrap(PermissionSet.None.WithNet("example.com:443"), "pass", directory.Path, directory.Path).Arguments];

        Assert.Contains("--share-net", args);
        Assert.True(IndexOf(args, "--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf") >= 0);
    }

    [Fact]
    public void The_init_frames_permissions_say_true_for_unrestricted_kinds_and_list_the_rest()
    {
        PermissionSet grant = PermissionSet.FromFlags(["--allow-read=/srv/data,/opt/x", "--allow-net", "--allow-env=HOME,AWS_*"]);

        MessageObject permissions = PythonPermissions.ToMessage(grant);

        Assert.Equal(["read", "write", "net", "env", "run"], permissions.Keys.ToArray());
        Assert.Equal(Message.Array(Message.String("/srv/data"), Message.String("/opt/x")), permissions["read"]);
        Assert.Equal(Message.Array(), permissions["write"]);
        Assert.Equal(Message.Boolean(true), permissions["net"]);
        Assert.Equal(Message.Array(Message.String("HOME"), Message.String("AWS_*")), permissions["env"]);
        Assert.Equal(Message.Array(), permissions["run"]);
        Assert.True(PythonPermissions.IsEverything(PermissionSet.All));
        Assert.False(PythonPermissions.IsEverything(grant));
    }

    private static int IndexOf(List<string> args, params string[] sequence)
    {
        for (int i = 0; i + sequence.Length <= args.Count; i++)
        {
            if (args.Skip(i).Take(sequence.Length).SequenceEqual(sequence))
            {
                return i;
            }
        }

        return -1;
    }
}
