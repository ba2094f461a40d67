using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Server.Protocol;

namespace Reflow.Server.Runtime;

/// <summary>
/// The <c>runtime</c> sub-protocol: <c>getruntime</c> (what this runtime is and can do, then the main graph's ports) and
/// <c>packet</c> (a packet from a client into an exported in-port of a graph's running network).
/// </summary>
internal sealed class RuntimeProtocol(RuntimeState state) : IFbpProtocolHandler
{
    private static readonly string[] PacketEvents = ["connect", "begingroup", "data", "endgroup", "disconnect"];

    private readonly RuntimeState _state = state;

    public string Protocol => "runtime";

    /// <summary>
    /// What this runtime really implements, for <c>runtime:runtime</c>. <c>graph:readonly</c> is not claimed (clients
    /// may edit), nor <c>network:persist</c>; <c>component:setsource</c> only when the server was started allowing it.
    /// </summary>
    public static IReadOnlyList<string> Capabilities(RuntimeSettings settings)
    {
        List<string> capabilities =
        [
            "protocol:runtime", "protocol:graph", "protocol:component", "protocol:network", "protocol:trace",
            "network:status", "network:data", "network:control", "component:getsource",
        ];
        if (settings.AllowComponentSource)
        {
            capabilities.Add("component:setsource");
        }

        return capabilities;
    }

    public async ValueTask HandleAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        switch (request.Message.Command)
        {
            case "getruntime":
                await GetRuntimeAsync(request, cancellationToken).ConfigureAwait(false);
                break;
            case "packet":
                await PacketAsync(request, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new FbpProtocolException($"Unknown command runtime:{request.Message.Command}; the runtime protocol's commands are getruntime and packet.");
        }
    }

    private async ValueTask GetRuntimeAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        RuntimeSettings settings = _state.Settings;
        IReadOnlyList<string> capabilities = Capabilities(settings);
        var payload = new JsonObject
        {
            ["type"] = "reflow",
            ["version"] = settings.ProtocolVersion,
            ["capabilities"] = new JsonArray([.. capabilities.Select(c => (JsonNode?)c)]),

            // Every client is allowed all of them (the secret is all-or-nothing), so both lists are the same.
            ["allCapabilities"] = new JsonArray([.. capabilities.Select(c => (JsonNode?)c)]),
            ["id"] = settings.RuntimeId,
            ["label"] = settings.Label,
        };
        Graph? main = null;
        if (_state.MainGraph is string mainId && _state.Graphs.TryGetValue(mainId, out main))
        {
            payload["graph"] = mainId;
        }

        await request.ReplyAsync("runtime", payload, cancellationToken).ConfigureAwait(false);

        // The schema asks a runtime with a main graph to follow up with its ports.
        if (main is not null)
        {
            await request.ReplyAsync("ports", RuntimePorts.For(_state, _state.MainGraph!, main), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask PacketAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        string port = request.RequireString("port");
        string @event = request.RequireString("event");
        if (Array.IndexOf(PacketEvents, @event) < 0)
        {
            throw new FbpProtocolException($"runtime:packet: \"event\" must be one of {string.Join(", ", PacketEvents)}, not \"{@event}\".");
        }

        string graphId = request.RequireString("graph");
        Graph graph = _state.RequireGraph(graphId);
        if (graph.GetExportedPort(PortDirection.In, port) is null)
        {
            throw new FbpProtocolException(graph.InPorts.Count == 0
                ? $"Graph \"{graphId}\" exports no in-port \"{port}\": it exports no in-ports (graph:addinport exports one)."
                : $"Graph \"{graphId}\" exports no in-port \"{port}\"; its exported in-ports are: {string.Join(", ", graph.InPorts.Select(p => p.Name))}.");
        }

        if (!_state.Networks.TryGetValue(graphId, out ILiveNetwork? network) || !network.IsRunning)
        {
            throw new FbpProtocolException($"Graph \"{graphId}\" has no running network to send the packet into: network:start starts it.");
        }

        JsonNode? payload = request.Message.Payload["payload"];
        await network.SendPacketAsync(port, @event, payload, cancellationToken).ConfigureAwait(false);

        var sent = new JsonObject { ["port"] = port, ["event"] = @event };
        foreach (string optional in (string[])["type", "schema"])
        {
            if (request.OptionalString(optional) is string value)
            {
                sent[optional] = value;
            }
        }

        if (request.Message.Payload.ContainsKey("payload"))
        {
            sent["payload"] = payload?.DeepClone();
        }

        sent["graph"] = graphId;
        await request.ReplyAsync("packetsent", sent, cancellationToken).ConfigureAwait(false);
    }
}
