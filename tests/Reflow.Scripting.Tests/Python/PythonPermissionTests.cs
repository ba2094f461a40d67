using System.Net;
using System.Net.Sockets;
using Reflow.Actors;
using Reflow.Components;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.Python;
using Reflow.Scripting.Tests.JavaScript;

namespace Reflow.Scripting.Tests.Python;

/// <summary>
/// The permission model through a whole graph, as a user meets it: a Python node is granted nothing unless its
/// settings (or the runtime) grant it, runs under bubblewrap (installed by the test build), and a reach past its grant
/// fails that message with the flag to grant; with the sandbox turned off, a restricted node refuses to start. A
/// native node beside it carries all its messages in every case.
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class PythonPermissionTests
{
    private static readonly Message[] Numbers = [.. Enumerable.Range(1, 200).Select(i => Message.Integer(i))];

    /// <summary>A graph whose registry grants scripts nothing (the default), with <paramref name="python"/>'s options.</summary>
    private static JsGraph Ungranted(PythonRuntimeOptions? python = null) =>
        new() { MakeRegistry = _ => new ComponentRegistry().AddStandardComponents().AddPython(ScriptingOptions.Default, python) };

    private static async Task<JsRun> RunAsync(JsGraph graph, string script, object? settings, params string[] inputs)
    {
        graph.Write("script.py", """
            __actor_metadata__ = {"inports": ["in"], "outports": ["out"], "max_batch": 1}

            """ + script);
        JsRun run = await graph.RunAsync(PythonGraphs.ScriptBesideNative("./script.py", settings), [("in", [.. inputs.Select(Message.String)]), ("nums", Numbers)]);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), run["copy"].Select(m => m.AsInteger()));
        return run;
    }

    private static string[] FailureMessages(JsRun run) =>
        [.. run.Events.Where(e => e.Kind == NetworkEventKind.ActorFailed).Select(e => e.Exception!.Message)];

    [Fact]
    public async Task A_script_asking_for_the_network_without_net_is_refused_and_with_it_connects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<TcpClient> accepted = listener.AcceptTcpClientAsync();
        string script = $$"""
            import socket

            def process(inputs, context):
                with socket.create_connection(("127.0.0.1", {{port}}), timeout=5):
                    return "connected"
            """;

        using (JsGraph graph = Ungranted())
        {
            JsRun refused = await RunAsync(graph, script, null, "go");

            Assert.Empty(refused["out"]);
            string failure = Assert.Single(FailureMessages(refused));
            Assert.Contains($"net access to '127.0.0.1:{port}' is not granted; grant it with --allow-net=127.0.0.1:{port}", failure, StringComparison.Ordinal);
            Assert.False(accepted.IsCompleted);
        }

        using (JsGraph graph = Ungranted())
        {
            JsRun granted = await RunAsync(graph, script, new { permissions = $"--allow-net=127.0.0.1:{port}" }, "go");

            Assert.Empty(FailureMessages(granted));
            Assert.Equal(["connected"], granted["out"].Select(m => m.AsString()));
            using TcpClient client = await accepted.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_host_name_granted_on_a_port_connects_by_that_name_and_not_on_another_port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        int other = port == 1 ? 2 : port - 1;
        Task<TcpClient> accepted = listener.AcceptTcpClientAsync();
        string script = $$"""
            import socket

            def process(inputs, context):
                port = {{port}} if inputs["in"] == "granted" else {{other}}
                with socket.create_connection(("localhost", port), timeout=5):
                    return "connected"
            """;
        using JsGraph graph = Ungranted();

        // The connect sees only the address the name resolved to; the grant names the host, as http/Request's does.
        JsRun run = await RunAsync(graph, script, new { permissions = $"--allow-net=localhost:{port}" }, "granted", "other port");

        Assert.Equal(["connected"], run["out"].Select(m => m.AsString()));
        Assert.Contains($"net access to 'localhost:{other}' is not granted", Assert.Single(FailureMessages(run)), StringComparison.Ordinal);
        using TcpClient client = await accepted.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_file_is_readable_only_when_granted_and_the_private_tmp_needs_no_grant()
    {
        string script = """
            import tempfile

            def process(inputs, context):
                if inputs["in"] == "scratch":
                    with tempfile.NamedTemporaryFile("w+", dir="/tmp") as f:
                        f.write("kept for the worker alone")
                        f.seek(0)
                        return f.read()
                with open(inputs["in"]) as f:
                    return f.read()
            """;
        // Outside /tmp, which the sandbox replaces with a private one (and where a fresh clone, its build output included,
        // may well live): the worker reads it as its own scratch, so only outside it does the hook's wording show.
        string folder = Path.Combine("/var/tmp", "reflow-python-permissions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string data = Path.Combine(folder, "data.txt");
            File.WriteAllText(data, "secret numbers");
            using JsGraph graph = Ungranted();

            JsRun refused = await RunAsync(graph, script, null, data, "/etc/hostname", "scratch");

            Assert.Equal(["kept for the worker alone"], refused["out"].Select(m => m.AsString()));
            string[] failures = FailureMessages(refused);
            Assert.Equal(2, failures.Length);
            Assert.Contains($"read access to '{data}' is not granted; grant it with --allow-read={data}", failures[0], StringComparison.Ordinal);
            Assert.Contains("read access to '/etc/hostname' is not granted", failures[1], StringComparison.Ordinal);

            JsRun granted = await RunAsync(graph, script, new { permissions = new { read = new[] { folder } } }, data, "/etc/hostname");

            Assert.Equal(["secret numbers"], granted["out"].Select(m => m.AsString()));
            Assert.Contains("read access to '/etc/hostname' is not granted", Assert.Single(FailureMessages(granted)), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_sandbox_a_restricted_node_refuses_to_start_and_one_granted_everything_runs()
    {
        string script = "def process(inputs, context):\n    return inputs[\"in\"].upper()\n";
        using JsGraph graph = Ungranted();

        JsRun refused = await RunAsync(graph, script, new { sandbox = "none" }, "a", "b");

        Assert.Empty(refused["out"]);
        string failure = FailureMessages(refused)[0];
        Assert.Contains("Python cannot be restricted inside its own process", failure, StringComparison.Ordinal);
        Assert.Contains("apt-get install bubblewrap", failure, StringComparison.Ordinal);
        Assert.Contains("permissions = \"--allow-all\"", failure, StringComparison.Ordinal);

        JsRun everything = await RunAsync(graph, script, new { sandbox = "none", permissions = "--allow-all" }, "a", "b");

        Assert.Empty(FailureMessages(everything));
        Assert.Equal(["A", "B"], everything["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_numpy_script_runs_with_the_system_site_packages_of_debians_python_under_the_sandbox()
    {
        string script = """
            import numpy

            def process(inputs, context):
                values = numpy.arange(int(inputs["in"]), dtype=numpy.int64)
                if inputs["in"] == "3":
                    return {"out": {"values": values, "mean": values.mean()}}
                return {"out": values.sum()}
            """;
        using JsGraph graph = Ungranted();

        JsRun run = await RunAsync(graph, script, new { interpreter = "/usr/bin/python3", system_site_packages = true }, "10", "1000", "3");

        Assert.Empty(FailureMessages(run));
        // numpy scalars and arrays cross as the numbers and lists they hold (marshal alone would make them Bytes)
        Assert.Equal([45L, 499500L], run["out"].Take(2).Select(m => m.AsInteger()));
        Assert.Equal(Message.Object(new Dictionary<string, Message>
        {
            ["values"] = Message.Array(Message.Integer(0), Message.Integer(1), Message.Integer(2)),
            ["mean"] = Message.Float(1.0),
        }), run["out"][2]);
    }
}
