using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Server.Network;

/// <summary>
/// How one run's Core events become fbp-protocol <c>network</c> messages (connect on an edge's first message, data,
/// begingroup/endgroup, processerror, output, error on a deadlock, disconnect at the end), for the protocol server's
/// clients and for a recorded flowtrace alike (<see cref="LiveNetwork"/>, <see cref="Tracing.FlowTraceRecorder"/>).
/// </summary>
/// <remarks>
/// One mapper per run, called from that run's single event loop only: the per-edge state (connected, last sequence)
/// needs no lock. A data event whose edge's messages were not all reported before it (a rate-limited or sampled
/// subscription, or events a slow reader lost) carries <c>skipped</c>: how many messages passed on the edge since the
/// previous event sent for it; the field is absent when none were, so a small run's events are plain fbp-protocol.
/// </remarks>
internal sealed class ProtocolEventMapper(string graph, FrozenDictionary<string, WatchedEdge> edges)
{
    private readonly List<WatchedEdge> _connected = [];
    private FrozenDictionary<string, WatchedEdge> _edges = edges;
    private readonly Dictionary<string, long> _lastSequence = new(StringComparer.Ordinal); // by Core's edge id

    /// <summary>
    /// The run's edges by Core's edge id. A live edit (LiveNetwork.Edits) swaps them from the protocol's request loop
    /// while the event loop reads them: a whole dictionary is published at once.
    /// </summary>
    public FrozenDictionary<string, WatchedEdge> Edges
    {
        get => Volatile.Read(ref _edges);
        set => Volatile.Write(ref _edges, value);
    }

    /// <summary>The protocol's name of the graph.</summary>
    public string Graph { get; } = graph;

    /// <summary>The mapper of a run of <paramref name="definition"/>.</summary>
    public static ProtocolEventMapper For(string graph, NetworkDefinition definition) => new(graph, EdgesOf(definition));

    /// <summary>
    /// The protocol messages one Core event makes, added to <paramref name="into"/>. A message event on an edge for
    /// which <paramref name="wanted"/> says no makes nothing (and no JSON): it is still counted, so the next event on
    /// that edge says how many were skipped.
    /// </summary>
    public void Map(NetworkEvent networkEvent, Func<WatchedEdge, bool> wanted, List<ProtocolEvent> into)
    {
        switch (networkEvent.Kind)
        {
            case NetworkEventKind.MessageSent when networkEvent.EdgeId is { } edgeId && networkEvent.Message is { } message:
                if (!Edges.TryGetValue(edgeId, out WatchedEdge? edge))
                {
                    return;
                }

                long skipped = Skipped(edgeId, networkEvent.Sequence);
                if (!wanted(edge))
                {
                    return; // nobody looks at this edge: no JSON
                }

                if (!edge.Connected)
                {
                    // The first message of the run on this edge opens it (fbp-protocol's connect).
                    edge.Connected = true;
                    _connected.Add(edge);
                    into.Add(new ProtocolEvent("connect", edge.Payload(Graph), networkEvent.Timestamp, edge));
                }

                (string command, JsonObject payload) = PacketEvent(edge, message);
                if (skipped > 0)
                {
                    payload["skipped"] = skipped;
                }

                into.Add(new ProtocolEvent(command, payload, networkEvent.Timestamp, edge));
                break;

            case NetworkEventKind.ActorFailed:
                into.Add(new ProtocolEvent("processerror", new JsonObject
                {
                    ["id"] = networkEvent.NodeId ?? "",
                    ["error"] = networkEvent.Exception?.Message ?? "The node failed.",
                    ["graph"] = Graph,
                }, networkEvent.Timestamp));
                break;

            case NetworkEventKind.ActorLog when networkEvent.Message is { } line:
                // A node's log line (a script's console.log): the protocol's console output.
                into.Add(new ProtocolEvent("output", new JsonObject
                {
                    ["message"] = line.Kind == MessageKind.String ? line.AsString() : line.ToString(),
                    ["type"] = "message",
                }, networkEvent.Timestamp));
                break;

            case NetworkEventKind.Deadlock:
                into.Add(new ProtocolEvent("error", new JsonObject
                {
                    ["message"] = $"The network of graph \"{Graph}\" is deadlocked: the full edges of the cycle {string.Join(" -> ", networkEvent.Nodes)} wait on each other.",
                    ["graph"] = Graph,
                }, networkEvent.Timestamp));
                break;

            default:
                break;
        }
    }

    /// <summary>
    /// How many protocol messages <paramref name="networkEvent"/> would make, without making them (no JSON): for a
    /// recorder past its limit, which counts what it leaves out. The edge's state moves on as with <see cref="Map"/>,
    /// so its disconnect still closes it at the end.
    /// </summary>
    public int Skip(NetworkEvent networkEvent)
    {
        switch (networkEvent.Kind)
        {
            case NetworkEventKind.MessageSent when networkEvent.EdgeId is { } edgeId && networkEvent.Message is not null:
                if (!Edges.TryGetValue(edgeId, out WatchedEdge? edge))
                {
                    return 0;
                }

                Skipped(edgeId, networkEvent.Sequence);
                if (edge.Connected)
                {
                    return 1;
                }

                edge.Connected = true;
                _connected.Add(edge);
                return 2;
            case NetworkEventKind.ActorFailed or NetworkEventKind.Deadlock:
            case NetworkEventKind.ActorLog when networkEvent.Message is not null:
                return 1;
            default:
                return 0;
        }
    }

    /// <summary>A Reflow edge is open for the whole run: the run's end is the disconnect of every edge that carried a message.</summary>
    public void Disconnects(DateTimeOffset time, List<ProtocolEvent> into)
    {
        foreach (WatchedEdge edge in _connected)
        {
            into.Add(new ProtocolEvent("disconnect", edge.Payload(Graph), time, edge));
        }
    }

    /// <summary>
    /// The graph's IIPs, delivered at start: Core reports no event for them, so their events come from the graph. An
    /// IIP is a connection of its own carrying one packet: connect, data, disconnect.
    /// </summary>
    public static IEnumerable<ProtocolEvent> Initials(string graphName, Graph graph, DateTimeOffset time)
    {
        foreach (GraphInitial initial in graph.Initials)
        {
            WatchedEdge edge = WatchedEdge.Initial(initial.To.Node, initial.To.Port, initial.To.Index ?? -1);
            JsonObject payload = edge.Payload(graphName);
            payload["data"] = JsonNode.Parse(initial.Data.GetRawText());
            yield return new ProtocolEvent("connect", edge.Payload(graphName), time, edge);
            yield return new ProtocolEvent("data", payload, time, edge);
            yield return new ProtocolEvent("disconnect", edge.Payload(graphName), time, edge);
        }
    }

    /// <summary>The <c>runtime:packet</c> payload of a message leaving exported out-port <paramref name="port"/>.</summary>
    public static JsonObject Packet(string graphName, string port, in Message message)
    {
        (string @event, JsonNode? payload) = message.IsOpenBracket ? ("begingroup", JsonValue.Create(GroupName(message)))
            : message.IsCloseBracket ? ("endgroup", JsonValue.Create(GroupName(message)))
            : ("data", ToJson(message));
        return new JsonObject { ["port"] = port, ["event"] = @event, ["payload"] = payload, ["graph"] = graphName };
    }

    /// <summary>
    /// Every edge of <paramref name="definition"/> as the protocol names it, by Core's edge id. An edge
    /// <paramref name="current"/> already has keeps its <see cref="WatchedEdge"/> (and so its connected flag: a live
    /// edit does not make it "connect" again).
    /// </summary>
    public static FrozenDictionary<string, WatchedEdge> EdgesOf(NetworkDefinition definition, FrozenDictionary<string, WatchedEdge>? current = null)
    {
        var edges = new Dictionary<string, WatchedEdge>(StringComparer.Ordinal);
        foreach (EdgeDefinition edge in definition.Edges)
        {
            if (current is not null && current.TryGetValue(edge.Id, out WatchedEdge? kept))
            {
                edges[edge.Id] = kept;
                continue;
            }

            NodeDefinition from = definition.Nodes[edge.FromNode], to = definition.Nodes[edge.ToNode];
            edges[edge.Id] = new WatchedEdge(
                from.Id, from.Component.Description.OutPorts[edge.FromPort].Name, edge.FromIndex,
                to.Id, to.Component.Description.InPorts[edge.ToPort].Name, edge.ToIndex);
        }

        return edges.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>A message's JSON form, or its text when it has none (raw bytes…).</summary>
    public static JsonNode? ToJson(in Message message)
    {
        try
        {
            return JsonNode.Parse(MessageJson.ToJson(message));
        }
        catch (Exception ex) when (ex is MessageFormatException or JsonException or NotSupportedException or InvalidOperationException)
        {
            return JsonValue.Create(message.ToString());
        }
    }

    // Sequence counts every message sent on the edge since message events were turned on: a gap is what the
    // subscription did not report (budget, sampling, or events a slow reader lost).
    private long Skipped(string edgeId, long sequence)
    {
        if (sequence <= 0)
        {
            return 0;
        }

        long previous = _lastSequence.GetValueOrDefault(edgeId);
        _lastSequence[edgeId] = sequence;
        return Math.Max(0, sequence - previous - 1);
    }

    private (string Command, JsonObject Payload) PacketEvent(WatchedEdge edge, in Message message)
    {
        JsonObject payload = edge.Payload(Graph);
        if (message.IsBracket)
        {
            payload["group"] = GroupName(message);
            return (message.IsOpenBracket ? "begingroup" : "endgroup", payload);
        }

        payload["data"] = ToJson(message);
        return ("data", payload);
    }

    private static string GroupName(in Message bracket) =>
        !bracket.TryGetBracketValue(out Message value) ? ""
        : value.Kind == MessageKind.String ? value.AsString()
        : MessageJson.ToJson(value);
}
