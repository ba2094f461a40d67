using System.Text.Json.Nodes;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;

namespace Reflow.Server.Network;

/// <summary>
/// The <c>network</c> sub-protocol: start, stop, getstatus, debug and edges for a graph's <see cref="LiveNetwork"/>;
/// <c>snapshot</c> (a Reflow extension: the run's counters, for the live page); the events of a running network (started, data, begingroup, endgroup, processerror, output, error, stopped,
/// status) are sent by the network's pump.
/// </summary>
internal sealed class NetworkProtocol(RuntimeState state) : IFbpProtocolHandler
{
    private readonly RuntimeState _state = state;

    public string Protocol => "network";

    public async ValueTask HandleAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        string command = request.Message.Command;
        switch (command)
        {
            case "start":
                await LiveNetwork.For(_state, request.RequireString("graph")).StartAsync(request, cancellationToken).ConfigureAwait(false);
                break;
            case "stop":
                await Existing(request, "stop").StopAsync(request, cancellationToken).ConfigureAwait(false);
                break;
            case "getstatus":
                await request.ReplyAsync("status", await StatusAsync(request.RequireString("graph")).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
            case "debug":
                {
                    LiveNetwork network = LiveNetwork.For(_state, request.RequireString("graph"));
                    network.SetDebug(request.Message.Payload["enable"] is JsonValue v && v.TryGetValue(out bool enable)
                        ? enable
                        : throw new FbpProtocolException("network:debug needs \"enable\", true or false."));
                    // The protocol has no answer of its own to debug; the status says the mode now in force.
                    await request.ReplyAsync("status", network.Status(), cancellationToken).ConfigureAwait(false);
                    break;
                }

            case "edges":
                await SelectEdgesAsync(request, cancellationToken).ConfigureAwait(false);
                break;
            case "snapshot":
                await request.ReplyAsync("snapshot", SnapshotOf(request.RequireString("graph")), cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new FbpProtocolException($"network:{command} is not a command this runtime takes; it takes start, stop, getstatus, debug, edges, snapshot (network:persist is not supported).");
        }
    }

    private async ValueTask<JsonObject> StatusAsync(string graph)
    {
        _state.RequireGraph(graph);
        if (_state.Networks.TryGetValue(graph, out ILiveNetwork? network) && network is LiveNetwork live)
        {
            await live.SettleAsync().ConfigureAwait(false);
            return live.Status();
        }

        return new JsonObject { ["graph"] = graph, ["running"] = false, ["started"] = false };
    }

    // A Reflow extension: not an error for a network never started (running false, empty lists), only for no such graph.
    private JsonObject SnapshotOf(string graph)
    {
        _state.RequireGraph(graph);
        return _state.Networks.TryGetValue(graph, out ILiveNetwork? network) && network is LiveNetwork live
            ? live.Snapshot()
            : new JsonObject
            {
                ["graph"] = graph, ["running"] = false, ["started"] = false, ["elapsed"] = 0.0, ["deadLetters"] = 0L, ["eventsDiscarded"] = 0L,
                ["edges"] = new JsonArray(), ["nodes"] = new JsonArray(),
            };
    }

    private LiveNetwork Existing(FbpRequest request, string command)
    {
        string graph = request.RequireString("graph");
        _state.RequireGraph(graph);
        return _state.Networks.TryGetValue(graph, out ILiveNetwork? network) && network is LiveNetwork live
            ? live
            : throw new FbpProtocolException($"network:{command}: the network of graph \"{graph}\" was never started (network:start starts it).");
    }

    private async ValueTask SelectEdgesAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        string graph = request.RequireString("graph");
        LiveNetwork network = LiveNetwork.For(_state, graph);
        if (request.Message.Payload["edges"] is not JsonArray edges)
        {
            throw new FbpProtocolException("network:edges needs \"edges\", an array of {src: {node, port}, tgt: {node, port}}.");
        }

        var keys = new List<string>(edges.Count);
        var echo = new JsonArray();
        foreach (JsonNode? edge in edges)
        {
            (string srcNode, string srcPort, JsonObject src) = End(edge, "src");
            (string tgtNode, string tgtPort, JsonObject tgt) = End(edge, "tgt");
            keys.Add(WatchedEdge.KeyOf(srcNode, srcPort, tgtNode, tgtPort));
            echo.Add(new JsonObject { ["src"] = src.DeepClone(), ["tgt"] = tgt.DeepClone() });
        }

        network.SelectEdges(keys);
        await request.ReplyAsync("edges", new JsonObject { ["graph"] = graph, ["edges"] = echo }, cancellationToken).ConfigureAwait(false);
    }

    private static (string Node, string Port, JsonObject End) End(JsonNode? edge, string name) =>
        edge is JsonObject o && o[name] is JsonObject end
            && end["node"] is JsonValue node && node.TryGetValue(out string? nodeId)
            && end["port"] is JsonValue port && port.TryGetValue(out string? portName)
            ? (nodeId, portName, end)
            : throw new FbpProtocolException($"network:edges: each edge needs \"{name}\": {{\"node\": string, \"port\": string}}; got {edge?.ToJsonString() ?? "null"}.");
}
