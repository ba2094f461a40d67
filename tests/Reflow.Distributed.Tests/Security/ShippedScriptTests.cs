using System.Collections.Concurrent;
using System.Text;
using NATS.Client.Core;
using Reflow.Components;
using Reflow.Distributed.Cluster;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Tests.Nats;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;
using Reflow.Scripting;
using Reflow.Scripting.JavaScript;

namespace Reflow.Distributed.Tests.Security;

/// <summary>
/// Scripts travel only when the deployment lists them with their hash and the node accepts them: listed and accepted,
/// the part runs the shipped copy (the node has no copy of its own); a wrong hash stops the run at the coordinator
/// before any node hears of it; a node without --accept-scripts refuses the part; an unlisted script is never sent;
/// and a shipped script runs under the node's grants, never a grant written in the coordinator's graph.
/// </summary>
public sealed class ShippedScriptTests : IDisposable
{
    private const string Upper = """
        export const actorMetadata = {
          name: "upper",
          inports: [{ name: "in", type: "string" }],
          outports: [{ name: "out", type: "string" }],
        };
        export function process(inputs) { return { out: inputs.in.toUpperCase() }; }
        """;

    private const string Probe = """
        export const actorMetadata = {
          name: "probe",
          inports: [{ name: "in", type: "string" }],
          outports: [{ name: "out", type: "string" }],
        };
        export function process(inputs) {
          try { return { out: inputs.in + "=" + (Deno.env.get(inputs.in) ?? "unset") }; }
          catch (e) { return { out: inputs.in + "=denied" }; }
        }
        """;

    private const string Unlisted = "// SECRET-UNLISTED-SCRIPT: never leaves the coordinator\nexport const actorMetadata = { name: \"x\", inports: [], outports: [] };\n";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "reflow-shipped-" + Guid.NewGuid().ToString("N")[..12]);

    public ShippedScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "scripts"));
        File.WriteAllText(Path.Combine(_folder, "scripts", "upper.js"), Upper);
        File.WriteAllText(Path.Combine(_folder, "scripts", "probe.js"), Probe);
        File.WriteAllText(Path.Combine(_folder, "scripts", "unlisted.js"), Unlisted);
    }

    [Fact]
    public async Task A_listed_script_goes_only_to_the_part_that_uses_it_and_runs_there()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        await using var nodes = new SecureNodes();
        var connection = new ClusterConnectionOptions { Url = nats.Url };
        await nodes.StartAsync("a", connection, ElsewhereNetwork(null));
        await nodes.StartAsync("b", connection, ElsewhereNetwork(null), acceptScripts: true);
        await using var requests = await ControlTap.StartAsync(nats.Url);

        var (output, result, _) = await SecureNodes.RunAsync(Graph("scripts/upper.js"), Deployment("upper", "scripts/upper.js"), connection,
            [Message.String("hello"), Message.String("shipped")], _folder);

        Assert.True(result.Succeeded, string.Join("\n", nodes.Events));
        Assert.Equal([Message.String("HELLO").ToString(), Message.String("SHIPPED").ToString()], output);
        string toA = requests.Prepare("a");
        string toB = requests.Prepare("b");
        Assert.DoesNotContain("\"scripts\"", toA, StringComparison.Ordinal);
        Assert.Contains("\"scripts\"", toB, StringComparison.Ordinal);
        Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(Upper)), toB, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Unlisted)), toA + toB, StringComparison.Ordinal);
        Assert.DoesNotContain("unlisted.js", toA + toB, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_module_that_no_node_names_goes_with_the_script_that_imports_it()
    {
        const string Shout = "export const shout = (text) => text.toUpperCase() + \"!\";\n";
        const string Importing = """
            import { shout } from "./lib/shout.js";
            export const actorMetadata = { name: "loud", inports: [{ name: "in", type: "string" }], outports: [{ name: "out", type: "string" }] };
            export function process(inputs) { return { out: shout(inputs.in) }; }
            """;
        Directory.CreateDirectory(Path.Combine(_folder, "scripts", "lib"));
        File.WriteAllText(Path.Combine(_folder, "scripts", "lib", "shout.js"), Shout);
        File.WriteAllText(Path.Combine(_folder, "scripts", "loud.js"), Importing);
        await using NatsServer nats = await NatsServer.StartAsync();
        await using var nodes = new SecureNodes();
        var connection = new ClusterConnectionOptions { Url = nats.Url };
        await nodes.StartAsync("a", connection, ElsewhereNetwork(null));
        await nodes.StartAsync("b", connection, ElsewhereNetwork(null), acceptScripts: true);
        await using var requests = await ControlTap.StartAsync(nats.Url);
        DeploymentFile deployment = DeploymentFile.Parse(
            $"[placement]\nfirst = \"a\"\nupper = \"b\"\n[scripts]\n\"scripts/loud.js\" = \"{Hash(Importing)}\"\n\"scripts/lib/shout.js\" = \"{Hash(Shout)}\"\n");

        var (output, result, _) = await SecureNodes.RunAsync(Graph("scripts/loud.js"), deployment, connection, [Message.String("modules")], _folder);
        Assert.True(result.Succeeded, string.Join("\n", nodes.Events));
        Assert.Equal([Message.String("MODULES!").ToString()], output);
        Assert.DoesNotContain("\"scripts\"", requests.Prepare("a"), StringComparison.Ordinal);
        Assert.Contains("scripts/lib/shout.js", requests.Prepare("b"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scripts_larger_than_the_servers_max_payload_fail_the_start_with_the_sizes()
    {
        string big = Upper + "\n// " + new string('x', 200_000) + "\n";
        File.WriteAllText(Path.Combine(_folder, "scripts", "upper.js"), big);
        await using NatsServer nats = await NatsServer.StartAsync(extraConfiguration: "max_payload: 65536");
        await using var nodes = new SecureNodes();
        var connection = new ClusterConnectionOptions { Url = nats.Url };
        await nodes.StartAsync("a", connection, ElsewhereNetwork(null));
        await nodes.StartAsync("b", connection, ElsewhereNetwork(null), acceptScripts: true);

        var error = await Assert.ThrowsAsync<ClusterException>(() => SecureNodes.RunAsync(
            Graph("scripts/upper.js"), Deployment("upper", "scripts/upper.js"), connection, [Message.String("x")], _folder));
        Assert.Contains("node 'b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("65536", error.Message, StringComparison.Ordinal);
        Assert.Contains("did not fit in one NATS message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_whose_hash_is_not_the_deployments_stops_the_run_at_the_coordinator()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        await using var nodes = new SecureNodes();
        var connection = new ClusterConnectionOptions { Url = nats.Url };
        await nodes.StartAsync("a", connection, ElsewhereNetwork(null), acceptScripts: true);
        await nodes.StartAsync("b", connection, ElsewhereNetwork(null), acceptScripts: true);
        await using var requests = await ControlTap.StartAsync(nats.Url);
        string wrong = "sha256:" + new string('0', 64);
        DeploymentFile deployment = DeploymentFile.Parse($"[placement]\nfirst = \"a\"\nupper = \"b\"\n[scripts]\n\"scripts/upper.js\" = \"{wrong}\"\n", "deploy.toml");

        var error = await Assert.ThrowsAsync<DeploymentException>(() => DistributedRun.StartAsync(new DistributedRunOptions
        {
            Graph = Graph("scripts/upper.js"),
            Deployment = deployment,
            Connection = connection,
            BaseDirectory = _folder,
        }));
        Assert.StartsWith("deploy.toml:5 ([scripts] \"scripts/upper.js\"):", error.Message, StringComparison.Ordinal);
        Assert.Contains(Hash(Upper), error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was run", error.Message, StringComparison.Ordinal);
        await Task.Delay(200);
        Assert.Equal(0, requests.Count);
    }

    [Fact]
    public async Task A_node_started_without_accept_scripts_refuses_a_part_that_comes_with_one()
    {
        await using NatsServer nats = await NatsServer.StartAsync();
        await using var nodes = new SecureNodes();
        var connection = new ClusterConnectionOptions { Url = nats.Url };
        await nodes.StartAsync("a", connection, ElsewhereNetwork(null));
        await nodes.StartAsync("b", connection, ElsewhereNetwork(null));

        var error = await Assert.ThrowsAsync<ClusterException>(() => SecureNodes.RunAsync(
            Graph("scripts/upper.js"), Deployment("upper", "scripts/upper.js"), connection, [Message.String("x")], _folder));
        Assert.Contains("node 'b': the part did not build", error.Message, StringComparison.Ordinal);
        Assert.Contains("--accept-scripts", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/upper.js", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("node 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shipped_script_runs_under_the_nodes_grants_and_a_grant_in_the_graph_is_refused()
    {
        string variable = "REFLOW_SHIPPED_PROBE_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "visible");
        try
        {
            await using NatsServer nats = await NatsServer.StartAsync();
            await using var nodes = new SecureNodes();
            var connection = new ClusterConnectionOptions { Url = nats.Url };
            await nodes.StartAsync("a", connection, ElsewhereNetwork(null));
            await nodes.StartAsync("b", connection, ElsewhereNetwork(PermissionSet.None.WithEnv(variable)), acceptScripts: true);
            await nodes.StartAsync("c", connection, ElsewhereNetwork(null), acceptScripts: true);

            var (granted, _, _) = await SecureNodes.RunAsync(Graph("scripts/probe.js"), Deployment("upper", "scripts/probe.js", node: "b"), connection, [Message.String(variable)], _folder);
            Assert.Equal([Message.String(variable + "=visible").ToString()], granted);
            var (refused, _, _) = await SecureNodes.RunAsync(Graph("scripts/probe.js"), Deployment("upper", "scripts/probe.js", node: "c"), connection, [Message.String(variable)], _folder);
            Assert.Equal([Message.String(variable + "=denied").ToString()], refused);

            Graph escalating = Graph("scripts/probe.js");
            escalating.SetNodeMetadata("upper", GraphMetadata.Parse("{\"permissions\": {\"all\": true}}"));
            var error = await Assert.ThrowsAsync<ClusterException>(() => SecureNodes.RunAsync(
                escalating, Deployment("upper", "scripts/probe.js", node: "c"), connection, [Message.String(variable)], _folder));
            Assert.Contains("graph node 'upper' has a 'permissions' setting, a grant written in the coordinator's graph, which node 'c' does not take", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static string Hash(string text) => ShippedScriptPaths.HashOf(Encoding.UTF8.GetBytes(text));

    /// <summary>A node on a machine without the coordinator's graph folder: the standard components and JavaScript, under <paramref name="grant"/>.</summary>
    private static Func<Graph, string?, Network> ElsewhereNetwork(PermissionSet? grant) => (graph, _) =>
    {
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents().AddJavaScript(new ScriptingOptions { Permissions = grant ?? PermissionSet.None });
        return Network.Create(GraphNetworkLoader.Load(graph, registry, new GraphLoadOptions { BaseDirectory = Path.GetTempPath() }));
    };

    private static Graph Graph(string script) => GraphFile.Read($$"""
        {
          "processes": { "first": { "component": "core/Repeat" }, "upper": { "component": "{{script}}" } },
          "connections": [ { "src": { "process": "first", "port": "out" }, "tgt": { "process": "upper", "port": "in" } } ],
          "inports": { "in": { "process": "first", "port": "in" } },
          "outports": { "out": { "process": "upper", "port": "out" } }
        }
        """, GraphFormat.NoFloJson, "shipped.json");

    private DeploymentFile Deployment(string graphNode, string script, string node = "b") => DeploymentFile.Parse(
        $"[placement]\nfirst = \"a\"\n{graphNode} = \"{node}\"\n[scripts]\n\"{script}\" = \"{ShippedScriptPaths.HashOf(File.ReadAllBytes(Path.Combine(_folder, script)))}\"\n",
        "deploy.toml");

    /// <summary>A plain subscriber to every node's control subject: sees each request a coordinator sends, as JSON.</summary>
    private sealed class ControlTap : IAsyncDisposable
    {
        private readonly NatsConnection _connection;
        private readonly ConcurrentQueue<(string Subject, string Json)> _seen = new();
        private readonly CancellationTokenSource _stop = new();
        private Task _reading = Task.CompletedTask;

        private ControlTap(NatsConnection connection) => _connection = connection;

        public int Count => _seen.Count;

        public static async Task<ControlTap> StartAsync(string url)
        {
            var tap = new ControlTap(new NatsConnection(new NatsOpts { Url = url, SubPendingChannelFullMode = System.Threading.Channels.BoundedChannelFullMode.Wait }));
            INatsSub<byte[]> sub = await tap._connection.SubscribeCoreAsync<byte[]>("reflow.node.*.control");
            tap._reading = Task.Run(async () =>
            {
                try
                {
                    await foreach (NatsMsg<byte[]> msg in sub.Msgs.ReadAllAsync(tap._stop.Token))
                    {
                        tap._seen.Enqueue((msg.Subject, Encoding.UTF8.GetString(msg.Data ?? [])));
                    }
                }
                catch (OperationCanceledException)
                {
                }
                finally
                {
                    await sub.DisposeAsync();
                }
            });
            return tap;
        }

        public string Prepare(string node) => Assert.Single(_seen, s => s.Subject == $"reflow.node.{node}.control" && s.Json.Contains("\"kind\":\"prepare\"", StringComparison.Ordinal)).Json;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reading.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _connection.DisposeAsync();
            _stop.Dispose();
        }
    }
}
