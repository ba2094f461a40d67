using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;
using CoreNetwork = Reflow.Networks.Network;

namespace Reflow.Server.Network;

// The run's events: Core's network events and exported out-ports turned into protocol messages for the clients that
// watch them (and the trace), on the pump's own loop.
internal sealed partial class LiveNetwork
{
    // The run's event loop: it catches, reports and completes (a failure in it must not leave the run "running").
    private async Task PumpAsync(CoreNetwork network, ChannelReader<NetworkEvent> events, Task<NetworkRunResult> run,
        ImmutableArray<ExportedPortDefinition> outPorts, Task announced, TaskCompletionSource drained)
    {
        try
        {
            string? failure = null;
            try
            {
                await announced.ConfigureAwait(false);
                Task[] outputs = [.. outPorts.Select(p => Task.Run(() => ForwardOutputAsync(network, p.Name)))];
                var connected = new List<WatchedEdge>();
                await foreach (NetworkEvent networkEvent in events.ReadAllAsync().ConfigureAwait(false))
                {
                    await OnEventAsync(networkEvent, _edges, connected).ConfigureAwait(false);
                }

                // A Reflow edge is open for the whole run: the run's end is its disconnect.
                foreach (WatchedEdge edge in connected)
                {
                    await EdgeEventAsync("disconnect", edge.Payload(Graph), IsWatched(edge), DateTimeOffset.UtcNow).ConfigureAwait(false);
                }

                await Task.WhenAll(outputs).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // reported to the clients, not thrown on a pool thread where nobody hears it
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = $"its events could not be sent: {ex.Message}";
                await network.DisposeAsync().ConfigureAwait(false); // nothing watches it any more: end it
            }

            try
            {
                await run.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // whatever ended the run is reported to the clients
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure ??= ex.Message;
            }

            if (failure is not null)
            {
                await BroadcastAsync("error", new JsonObject { ["message"] = $"The network of graph \"{Graph}\" failed: {failure}", ["graph"] = Graph },
                    DateTimeOffset.UtcNow, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            drained.TrySetResult();
        }

        await _state.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await ReportFinishedAsync(network).ConfigureAwait(false);
        }
        finally
        {
            _state.Gate.Release();
        }
    }

    // Pump thread only: connected (the edges of this run's network that carried a message) needs no lock.
    private async ValueTask OnEventAsync(NetworkEvent networkEvent, FrozenDictionary<string, WatchedEdge> edges, List<WatchedEdge> connected)
    {
        switch (networkEvent.Kind)
        {
            case NetworkEventKind.MessageSent when networkEvent.EdgeId is { } edgeId && networkEvent.Message is { } message:
                if (!edges.TryGetValue(edgeId, out WatchedEdge? edge))
                {
                    return;
                }

                bool watched = IsWatched(edge);
                FlowTrace? trace = _trace;
                bool traced = trace is { Recording: true };
                if (!watched && !traced)
                {
                    return; // nobody looks at this edge: no JSON
                }

                if (!edge.Connected)
                {
                    // The first message of the run on this edge opens it (fbp-protocol's connect).
                    edge.Connected = true;
                    connected.Add(edge);
                    await EdgeEventAsync("connect", edge.Payload(Graph), watched, networkEvent.Timestamp).ConfigureAwait(false);
                }

                (string command, JsonObject payload) = PacketEvent(edge, message);
                await EdgeEventAsync(command, payload, watched, networkEvent.Timestamp).ConfigureAwait(false);
                break;

            case NetworkEventKind.ActorFailed:
                await BroadcastAsync("processerror", new JsonObject
                {
                    ["id"] = networkEvent.NodeId ?? "",
                    ["error"] = networkEvent.Exception?.Message ?? "The node failed.",
                    ["graph"] = Graph,
                }, networkEvent.Timestamp, CancellationToken.None).ConfigureAwait(false);
                break;

            case NetworkEventKind.ActorLog when networkEvent.Message is { } line:
                // A node's log line (a script's console.log): the protocol's console output.
                await BroadcastAsync("output", new JsonObject
                {
                    ["message"] = line.Kind == MessageKind.String ? line.AsString() : line.ToString(),
                    ["type"] = "message",
                }, networkEvent.Timestamp, CancellationToken.None).ConfigureAwait(false);
                break;

            case NetworkEventKind.Deadlock:
                await BroadcastAsync("error", new JsonObject
                {
                    ["message"] = $"The network of graph \"{Graph}\" is deadlocked: the full edges of the cycle {string.Join(" -> ", networkEvent.Nodes)} wait on each other.",
                    ["graph"] = Graph,
                }, networkEvent.Timestamp, CancellationToken.None).ConfigureAwait(false);
                break;

            default:
                break;
        }
    }

    // An exported out-port's messages go to every client as runtime:packet (and reading them keeps its edge flowing).
    private async Task ForwardOutputAsync(CoreNetwork network, string port)
    {
        await foreach (Message message in network.Output(port).ReadAllAsync().ConfigureAwait(false))
        {
            (string @event, JsonNode? payload) = message.IsOpenBracket ? ("begingroup", JsonValue.Create(GroupName(message)))
                : message.IsCloseBracket ? ("endgroup", JsonValue.Create(GroupName(message)))
                : ("data", ToJson(message));
            var packet = new JsonObject { ["port"] = port, ["event"] = @event, ["payload"] = payload, ["graph"] = Graph };
            await _state.BroadcastAsync("runtime", "packet", packet, CancellationToken.None).ConfigureAwait(false);
            _trace?.Record("runtime", "packet", packet, DateTimeOffset.UtcNow);
        }
    }

    // The graph's IIPs were delivered at start; Core reports no event for them, so their data events come from the graph.
    private async ValueTask SendInitialsAsync(Graph graph, DateTimeOffset time, CancellationToken cancellationToken)
    {
        bool watched = _debug || _selection is null;
        FlowTrace? trace = _trace;
        if (!watched && trace is not { Recording: true })
        {
            return;
        }

        foreach (GraphInitial initial in graph.Initials)
        {
            // An IIP is a connection of its own carrying one packet: connect, data, disconnect.
            WatchedEdge edge = WatchedEdge.Initial(initial.To.Node, initial.To.Port, initial.To.Index ?? -1);
            JsonObject payload = edge.Payload(Graph);
            payload["data"] = JsonNode.Parse(initial.Data.GetRawText());
            foreach ((string command, JsonObject body) in new[] { ("connect", edge.Payload(Graph)), ("data", payload), ("disconnect", edge.Payload(Graph)) })
            {
                if (watched)
                {
                    await _state.BroadcastAsync("network", command, body, cancellationToken).ConfigureAwait(false);
                }

                trace?.Record("network", command, body, time);
            }
        }
    }

    private async ValueTask EdgeEventAsync(string command, JsonObject payload, bool watched, DateTimeOffset time)
    {
        if (watched)
        {
            await _state.BroadcastAsync("network", command, payload, CancellationToken.None).ConfigureAwait(false);
        }

        if (_trace is { Recording: true } trace)
        {
            trace.Record("network", command, payload, time);
        }
    }

    private bool IsWatched(WatchedEdge edge) => _debug || _selection is not { } selection || selection.Contains(edge.Key);

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

    // The definition's edges by Core id; an edge the running network already had keeps its WatchedEdge (and so its
    // Connected flag: a live edit does not make it "connect" again).
    private static FrozenDictionary<string, WatchedEdge> EdgesOf(NetworkDefinition definition, FrozenDictionary<string, WatchedEdge> current)
    {
        var edges = new Dictionary<string, WatchedEdge>(StringComparer.Ordinal);
        foreach (EdgeDefinition edge in definition.Edges)
        {
            if (current.TryGetValue(edge.Id, out WatchedEdge? kept))
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

    private static string GroupName(in Message bracket) =>
        !bracket.TryGetBracketValue(out Message value) ? ""
        : value.Kind == MessageKind.String ? value.AsString()
        : MessageJson.ToJson(value);

    private static JsonNode? ToJson(in Message message)
    {
        try
        {
            return JsonNode.Parse(MessageJson.ToJson(message));
        }
        catch (Exception ex) when (ex is MessageFormatException or JsonException or NotSupportedException or InvalidOperationException)
        {
            return JsonValue.Create(message.ToString()); // a message with no JSON form (raw bytes…): its text
        }
    }

    private static Message ToMessage(JsonNode? payload)
    {
        try
        {
            return MessageJson.Parse(payload?.ToJsonString() ?? "null");
        }
        catch (Exception ex) when (ex is MessageFormatException or JsonException)
        {
            throw new FbpProtocolException($"runtime:packet: the payload is not a value a message can carry: {ex.Message}", ex);
        }
    }

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
