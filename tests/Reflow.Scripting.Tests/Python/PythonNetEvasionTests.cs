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
/// A Python node granted the network for other targets — the same address on another port, a name for the address —
/// that catches each denial and tries another spelling of the address is refused every time, and the listener (on
/// 127.0.0.1) never sees a connection. The sandbox shares the network once anything is granted, so this is the audit
/// hook's work (docs/python.md: a courtesy on top of the sandbox).
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class PythonNetEvasionTests
{
    [Fact]
    public async Task Other_spellings_of_an_address_that_is_not_granted_are_refused_and_never_connect()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string script = $$"""
            __actor_metadata__ = {"inports": ["in"], "outports": ["out"], "max_batch": 1}
            import socket

            def process(inputs, context):
                outcomes = []
                for host in ["127.0.0.1", "localhost", "127.0.0.1.", "127.1", "2130706433"]:
                    try:
                        socket.create_connection((host, {{port}}), timeout=5).close()
                        outcomes.append(host + ": connected")
                    except PermissionError as e:
                        outcomes.append(host + ": " + str(e).split(";")[0])
                    except OSError as e:
                        outcomes.append(host + ": " + type(e).__name__)
                s = socket.socket()
                try:
                    s.connect(("127.0.0.1", {{port}}))
                    outcomes.append("raw: connected")
                except PermissionError as e:
                    outcomes.append("raw: " + str(e).split(";")[0])
                finally:
                    s.close()
                return " | ".join(outcomes)
            """;
        using var graph = new JsGraph { MakeRegistry = _ => new ComponentRegistry().AddStandardComponents().AddPython(ScriptingOptions.Default) };
        graph.Write("script.py", script);
        int other = port == 1 ? 2 : 1;

        JsRun run = await graph.RunAsync(PythonGraphs.ScriptBesideNative("./script.py", new { permissions = new { net = new[] { $"127.0.0.1:{other}", $"localhost:{other}" } } }),
            [("in", [Message.String("go")]), ("nums", [])]);

        Assert.Empty(run.Events.Where(e => e.Kind == NetworkEventKind.ActorFailed).Select(e => e.Exception!.Message));
        string outcome = Assert.Single(run["out"]).AsString();
        Assert.DoesNotContain("connected", outcome, StringComparison.Ordinal);
        Assert.StartsWith($"127.0.0.1: net access to '127.0.0.1:{port}' is not granted | localhost: net access to 'localhost:{port}' is not granted", outcome, StringComparison.Ordinal);
        Assert.EndsWith($"raw: net access to '127.0.0.1:{port}' is not granted", outcome, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }
}
