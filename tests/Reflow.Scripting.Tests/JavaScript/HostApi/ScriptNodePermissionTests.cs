using Reflow.Messages;
using static Reflow.Scripting.Tests.JavaScript.JavaScriptProcessTests;

namespace Reflow.Scripting.Tests.JavaScript.HostApi;

/// <summary>The host API end to end: JavaScript nodes in a loaded graph, granted by their <c>permissions</c> setting or by nothing.</summary>
public sealed class ScriptNodePermissionTests(TestHttpServer server) : IClassFixture<TestHttpServer>
{
    private const string Reader = """
        export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
        export async function process(inputs) { return { out: await Deno.readTextFile(inputs.in) }; }
        """;

    private const string Fetcher = """
        export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
        export async function process(inputs) { const r = await fetch(inputs.in); return { out: r.status + ' ' + await r.text() }; }
        """;

    [Fact]
    public async Task A_node_granted_read_of_its_graph_directory_reads_a_file_beside_the_graph()
    {
        using var graph = new JsGraph();
        graph.Write("reader.js", Reader);
        graph.Write("data.txt", "from the file");

        JsRun run = await graph.RunAsync(Graph("./reader.js", new { permissions = "--allow-read=." }, ["out"]), [("in", [Message.String("data.txt")])]);

        Assert.Equal(0, run.Result.FailureCount);
        Assert.Equal("from the file", Assert.Single(run["out"]).AsString());
    }

    [Fact]
    public async Task A_node_with_no_grant_reading_etc_passwd_fails_naming_the_flag_and_the_run_goes_on()
    {
        using var graph = new JsGraph();
        graph.Write("reader.js", Reader);

        JsRun run = await graph.RunAsync(Graph("./reader.js", null, ["out"]), [("in", [Message.String("/etc/passwd")])]);

        Assert.Empty(run["out"]);
        Reflow.Actors.ActorFailure failure = Assert.Single(run.Result.Failures);
        Assert.Equal("js", failure.NodeId);
        Assert.Contains("read access to '/etc/passwd' is not granted; grant it with --allow-read=/etc/passwd", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_reaches_the_host_a_node_is_granted_and_no_other()
    {
        using var graph = new JsGraph();
        graph.Write("fetch.js", Fetcher);
        string key = Guid.NewGuid().ToString("N");

        JsRun granted = await graph.RunAsync(Graph("./fetch.js", new { permissions = new { net = new[] { server.Authority } } }, ["out"]),
            [("in", [Message.String($"{server.BaseUrl}/hello")])]);
        JsRun denied = await graph.RunAsync(Graph("./fetch.js", new { permissions = new { net = new[] { "example.com" } } }, ["out"]),
            [("in", [Message.String($"{server.BaseUrl}/hello?key={key}")])]);

        Assert.Equal("200 hello", Assert.Single(granted["out"]).AsString());
        Assert.Empty(denied["out"]);
        Assert.Contains($"grant it with --allow-net={server.Authority}", Assert.Single(denied.Result.Failures).Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Hits(key));
    }
}
