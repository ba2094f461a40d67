using System.Text.Json.Nodes;
using Reflow.Server.Tests.Hosting;

namespace Reflow.Server.Tests.Workflows;

/// <summary>Graphs in the original's GraphExport JSON (from/to edges with nodeId and portId), as its clients send them.</summary>
internal static class WorkflowGraphs
{
    /// <summary>The repository's example examples/formats/greeting.json: "hello, " and "world" joined and upper-cased to out-port greeting.</summary>
    public static JsonObject Greeting() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ChildProcess.RepositoryRoot, "examples", "formats", "greeting.json")))!.AsObject();

    /// <summary>Exported in-port <c>text</c> → text/Case (upper) → exported out-port <c>shouted</c>.</summary>
    public static JsonObject Shout() => Parse("""
        {
          "caseSensitive": false,
          "properties": { "name": "shout" },
          "processes": { "shout": { "id": "shout", "component": "text/Case", "metadata": { "mode": "upper" } } },
          "connections": [],
          "inports": { "text": { "portName": "in", "portId": "text", "nodeId": "shout", "expose": true, "metadata": {} } },
          "outports": { "shouted": { "portName": "out", "portId": "shouted", "nodeId": "shout", "expose": true, "metadata": {} } },
          "groups": []
        }
        """);

    /// <summary>A tick every 10 ms for ever (time/Interval without count) to exported out-port <c>ticks</c>: runs until stopped.</summary>
    public static JsonObject Ticker() => Parse("""
        {
          "processes": { "clock": { "id": "clock", "component": "time/Interval", "metadata": { "intervalMs": 10 } } },
          "connections": [],
          "inports": {},
          "outports": { "ticks": { "portName": "tick", "portId": "ticks", "nodeId": "clock", "expose": true, "metadata": {} } },
          "groups": []
        }
        """);

    /// <summary>An IIP into a node that always throws.</summary>
    public static JsonObject Failing() => Parse($$"""
        {
          "processes": { "boom": { "id": "boom", "component": "{{WorkflowTestServer.FailingComponent}}" } },
          "connections": [
            { "from": { "portName": "", "portId": "", "nodeId": "" }, "to": { "portName": "in", "portId": "in", "nodeId": "boom" }, "data": "x" }
          ],
          "inports": {},
          "outports": {},
          "groups": []
        }
        """);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
