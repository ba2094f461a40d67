using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Http;

/// <summary>
/// http/Request granted and denied by a node's own <c>permissions</c> setting in a graph loaded from a file: the node's
/// grant replaces the network's, both ways. Every standard http/ component is covered.
/// </summary>
public sealed class HttpGraphPermissionTests(LocalHttpServer server) : IClassFixture<LocalHttpServer>
{
    private string HostPort => new Uri(server.BaseUrl).Authority;

    [Fact]
    public void Every_standard_http_component_is_covered()
    {
        Assert.Equal(["http/Request"], new ComponentRegistry().AddStandardComponents().Names.Where(n => n.StartsWith("http/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_node_permissions_setting_grants_the_host_when_the_network_grants_nothing()
    {
        string key = Guid.NewGuid().ToString("N");
        (IReadOnlyList<Message> responses, IReadOnlyList<string> errors) = await RunGraph(
            $$"""{"net":["{{HostPort}}"]}""", $"{server.BaseUrl}/hello?key={key}", PermissionSet.None);

        Assert.Empty(errors);
        Assert.Equal("hello", Assert.Single(responses).AsObject()["body"].AsString());
        Assert.Equal(1, server.Hits(key));
    }

    [Fact]
    public async Task A_node_permissions_setting_replaces_a_network_grant_of_the_host()
    {
        string key = Guid.NewGuid().ToString("N");
        (IReadOnlyList<Message> responses, IReadOnlyList<string> errors) = await RunGraph(
            "\"--allow-read=. --allow-net=example.com\"", $"{server.BaseUrl}/hello?key={key}", PermissionSet.None.WithNet(HostPort));

        Assert.Empty(responses);
        Assert.Equal(
            $"http/Request (n): GET {server.BaseUrl}/hello?key={key}: net access to '{HostPort}' is not granted; grant it with --allow-net={HostPort} (or the permissions.net configuration key)",
            Assert.Single(errors));
        Assert.Equal(0, server.Hits(key)); // nothing was sent
    }

    private static async Task<(IReadOnlyList<Message> Responses, IReadOnlyList<string> Errors)> RunGraph(string permissionsJson, string url, PermissionSet network)
    {
        string directory = Directory.CreateTempSubdirectory("reflow-http-graph-").FullName;
        try
        {
            string graph = Path.Combine(directory, "fetch.json");
            File.WriteAllText(graph, $$"""
                {
                  "processes": { "n": { "component": "http/Request", "metadata": { "retries": 0, "permissions": {{permissionsJson}} } } },
                  "connections": [ { "data": {{MessageJson.ToJson(Message.String(url))}}, "tgt": { "process": "n", "port": "in" } } ],
                  "outports": { "response": { "process": "n", "port": "response" }, "error": { "process": "n", "port": "error" } }
                }
                """);
            NetworkDefinition definition = GraphNetworkLoader.LoadFile(graph, new ComponentRegistry().AddStandardComponents(), new GraphLoadOptions { EnvironmentVariables = _ => null });
            await using Network running = Network.Create(definition, new NetworkOptions { WorkerCount = 1, Permissions = network });
            Task<List<Message>> responses = ComponentRun.ReadAll(running, "response");
            Task<List<Message>> errors = ComponentRun.ReadAll(running, "error");
            await running.RunAsync().WaitAsync(ComponentRun.HangLimit);
            return (await responses.WaitAsync(ComponentRun.HangLimit), [.. (await errors.WaitAsync(ComponentRun.HangLimit)).Select(e => e.AsError())]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
