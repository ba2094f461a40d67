using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Server.Network;

// Live edits: a graph edit to a running network is applied to it (Core's Network.UpdateAsync) without restarting the
// nodes the edit does not touch.
internal sealed partial class LiveNetwork
{
    /// <summary>
    /// After a <c>graph:*</c> edit of this network's graph (under the gate): a running network takes the graph's new
    /// shape. An edit the running network cannot take yet — the graph does not load (a new node's required port not
    /// yet connected, say) or the change needs a restart (an exported port) — stays in the graph, and every client hears
    /// a <c>network:error</c> saying why the running network kept its shape; the next edit that makes the graph load
    /// applies everything pending.
    /// </summary>
    /// <returns>What changed in the running network, or null when it is not running or kept its shape.</returns>
    public async ValueTask<NetworkUpdate?> ApplyGraphAsync(CancellationToken cancellationToken)
    {
        if (!_running || _network is not { } network || _mapper is not { } mapper)
        {
            return null;
        }

        NetworkDefinition definition;
        try
        {
            definition = LoadDefinition(_state.RequireGraph(Graph));
        }
        catch (GraphLoadException ex)
        {
            await KeptShapeAsync(ex.Message, cancellationToken).ConfigureAwait(false);
            return null;
        }

        // Events on an added edge can come before UpdateAsync returns: the pump knows both shapes meanwhile.
        FrozenDictionary<string, WatchedEdge> before = mapper.Edges;
        FrozenDictionary<string, WatchedEdge> after = ProtocolEventMapper.EdgesOf(definition, before);
        mapper.Edges = before.Concat(after).DistinctBy(e => e.Key, StringComparer.Ordinal).ToFrozenDictionary(StringComparer.Ordinal);
        try
        {
            NetworkUpdate update = await network.UpdateAsync(definition, cancellationToken).ConfigureAwait(false);
            mapper.Edges = after;
            _definition = definition; // the snapshot's edge capacities
            return update;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            mapper.Edges = before;
            await KeptShapeAsync(ex.Message, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (InvalidOperationException)
        {
            // It finished or is stopping meanwhile: the pump reports that end; the edit stays in the graph for the next start.
            mapper.Edges = before;
            return null;
        }
    }

    private NetworkDefinition LoadDefinition(Graph graph) =>
        // A node's env_vars metadata names the variables it reads: the graph is a client's, so the names go through
        // the network's grant (the protocol server grants nothing unless its operator said so).
        // The graph the server started with loads as its file does (reflow run's typing and directory) until a
        // graph:clear replaces it; the graphs clients make hold JSON values and have no directory of their own.
        GraphNetworkLoader.Load(graph, _state.Components, (_state.Settings.FileGraph is { } file && ReferenceEquals(file.Graph, graph) ? file.Loading : GraphLoadOptions.Default) with
        {
            EnvironmentVariables = _state.Settings.NetworkOptions.Permissions.GetEnvironmentVariable,
        });

    private ValueTask KeptShapeAsync(string why, CancellationToken cancellationToken) =>
        BroadcastAsync("error", new JsonObject
        {
            ["message"] = $"The edit is in graph \"{Graph}\", but its running network keeps its shape until the graph can be applied: {why}",
            ["graph"] = Graph,
        }, DateTimeOffset.UtcNow, cancellationToken);
}
