using System.Text.Json.Nodes;
using Reflow.Actors;
using Reflow.Networks;
using CoreNetwork = Reflow.Networks.Network;

namespace Reflow.Server.Network;

// network:snapshot (a Reflow extension of the protocol, for the live page): the run's counters now, per edge as the
// protocol names it and per node.
internal sealed partial class LiveNetwork
{
    // The definition the current run was built from (set by StartAsync): how a Core edge id becomes the graph's edge,
    // and each edge's capacity. Read by snapshots under the gate, as StartAsync writes it.
    private NetworkDefinition? _definition;

    // Core edge id → (the protocol's edge, its capacity), made once per definition: a snapshot at 10 Hz costs
    // look-ups, not string formatting. Only the gate's holder touches it.
    private (NetworkDefinition Definition, Dictionary<string, (WatchedEdge Edge, int Capacity)> Edges)? _snapshotEdges;

    /// <summary>
    /// The <c>network:snapshot</c> payload: <c>running</c>, <c>started</c>, <c>elapsed</c> (seconds), <c>deadLetters</c>,
    /// <c>eventsDiscarded</c> (the run's events the server could not send its clients in time, so data events went
    /// missing; each later one on their edge says how many packets it <c>skipped</c>),
    /// per edge of the graph its cumulative <c>messages</c>, <c>queued</c> and <c>capacity</c>, per node its state and
    /// counts. A network never started (or whose run was replaced) has empty lists. The host's side of exported ports is
    /// not a graph edge and is left out.
    /// </summary>
    public JsonObject Snapshot()
    {
        var payload = new JsonObject { ["graph"] = Graph, ["running"] = _running, ["started"] = _started };
        var edges = new JsonArray();
        var nodes = new JsonArray();
        double elapsed = 0;
        long deadLetters = 0, eventsDiscarded = 0;
        if (_network is CoreNetwork network && _definition is { } definition)
        {
            NetworkSnapshot snapshot = network.GetSnapshot();
            elapsed = Seconds(snapshot.Elapsed);
            deadLetters = snapshot.DeadLetters;
            eventsDiscarded = snapshot.EventsDiscarded;
            Dictionary<string, (WatchedEdge Edge, int Capacity)> known = SnapshotEdgesOf(definition);
            foreach (EdgeSnapshot edge in snapshot.Edges)
            {
                // An edge the definition does not know (one a live edit added since) is named from its Core id, without
                // a capacity; the host's side of an exported port is no edge of the graph.
                (WatchedEdge Edge, int? Capacity)? graphEdge = known.TryGetValue(edge.Id, out (WatchedEdge Edge, int Capacity) k) ? (k.Edge, k.Capacity)
                    : FromCoreId(edge.Id) is { } parsed ? (parsed, null)
                    : null;
                if (graphEdge is { } e)
                {
                    JsonObject o = e.Edge.Payload(Graph);
                    o.Remove("graph");
                    o["messages"] = edge.Messages;
                    o["queued"] = edge.Queued;
                    if (e.Capacity is int capacity)
                    {
                        o["capacity"] = capacity;
                    }

                    edges.Add(o);
                }
            }

            foreach (NodeSnapshot node in snapshot.Nodes)
            {
                nodes.Add(new JsonObject
                {
                    ["id"] = node.Id,
                    ["state"] = node.State.ToString().ToLowerInvariant(),
                    ["invocations"] = node.Invocations,
                    ["errors"] = node.Errors,
                    ["failures"] = node.Failures,
                    ["dropped"] = node.Dropped,
                });
            }
        }

        payload["elapsed"] = elapsed;
        payload["deadLetters"] = deadLetters;
        payload["eventsDiscarded"] = eventsDiscarded;
        payload["edges"] = edges;
        payload["nodes"] = nodes;
        return payload;
    }

    private Dictionary<string, (WatchedEdge Edge, int Capacity)> SnapshotEdgesOf(NetworkDefinition definition)
    {
        if (_snapshotEdges is { } cached && ReferenceEquals(cached.Definition, definition))
        {
            return cached.Edges;
        }

        var edges = new Dictionary<string, (WatchedEdge Edge, int Capacity)>(StringComparer.Ordinal);
        foreach (EdgeDefinition edge in definition.Edges)
        {
            NodeDefinition from = definition.Nodes[edge.FromNode], to = definition.Nodes[edge.ToNode];
            var watched = new WatchedEdge(
                from.Id, from.Component.Description.OutPorts[edge.FromPort].Name, edge.FromIndex,
                to.Id, to.Component.Description.InPorts[edge.ToPort].Name, edge.ToIndex);
            edges[edge.Id] = (watched, edge.Capacity);
        }

        _snapshotEdges = (definition, edges);
        return edges;
    }

    // A Core edge id (EdgeDefinition.Id: "source.OUT[1] -> target.IN", " #2" on a repeated connection) as the
    // protocol's edge; null for the host's side of an exported port or an id of another shape. Node ids may hold
    // dots, port names do not: each end splits at its last dot.
    internal static WatchedEdge? FromCoreId(string id)
    {
        int arrow = id.IndexOf(" -> ", StringComparison.Ordinal);
        if (arrow < 0 || id.Contains("(host)", StringComparison.Ordinal))
        {
            return null;
        }

        string target = id[(arrow + 4)..];
        int repeat = target.LastIndexOf(" #", StringComparison.Ordinal);
        if (repeat > 0)
        {
            target = target[..repeat];
        }

        return End(id[..arrow]) is (string fromNode, string fromPort, int fromIndex) && End(target) is (string toNode, string toPort, int toIndex)
            ? new WatchedEdge(fromNode, fromPort, fromIndex, toNode, toPort, toIndex)
            : null;

        static (string Node, string Port, int Index)? End(string end)
        {
            int index = -1;
            if (end.EndsWith(']') && end.LastIndexOf('[') is int open and > 0
                && int.TryParse(end.AsSpan(open + 1, end.Length - open - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int parsed))
            {
                index = parsed;
                end = end[..open];
            }

            int dot = end.LastIndexOf('.');
            return dot > 0 && dot < end.Length - 1 ? (end[..dot], end[(dot + 1)..], index) : null;
        }
    }
}
