using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Networks;
using Reflow.Server.Protocol;

namespace Reflow.Server.Runtime;

/// <summary>
/// Everything the protocol handlers share: the settings, the component registry, the graphs by id, each graph's
/// network and the connected clients. Handlers run one at a time under <see cref="Gate"/> (the dispatcher holds it),
/// so the graphs and networks need no locks of their own; the client list is read by broadcasts from any thread.
/// </summary>
internal sealed class RuntimeState(RuntimeSettings settings, ComponentRegistry components)
{
    private readonly object _clientsLock = new();
    private IFbpClient[] _clients = [];

    public RuntimeSettings Settings { get; } = settings;

    /// <summary>What graphs may use; <c>component:source</c> adds to it (when allowed).</summary>
    public ComponentRegistry Components { get; } = components;

    /// <summary>The components clients added with <c>component:source</c> (their source, for <c>getsource</c>), in <see cref="Components"/>.</summary>
    public SourceComponents SourceComponents { get; } = new(components);

    /// <summary>Held by the dispatcher around each handler call.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The graphs, by the id clients use in payloads (<c>graph</c>).</summary>
    public Dictionary<string, Graph> Graphs { get; } = new(StringComparer.Ordinal);

    /// <summary>The graph <c>runtime:runtime</c> names (the one the server was started with, or the last one a client made), or null.</summary>
    public string? MainGraph { get; set; }

    /// <summary>Each graph's network, once <c>network:start</c> created one.</summary>
    public Dictionary<string, ILiveNetwork> Networks { get; } = new(StringComparer.Ordinal);

    /// <summary>The clients connected now.</summary>
    public IReadOnlyList<IFbpClient> Clients => Volatile.Read(ref _clients);

    /// <summary>The graph <paramref name="id"/>.</summary>
    /// <exception cref="FbpProtocolException">There is none: the text names the graphs there are.</exception>
    public Graph RequireGraph(string id) =>
        Graphs.TryGetValue(id, out Graph? graph)
            ? graph
            : throw new FbpProtocolException(Graphs.Count == 0
                ? $"There is no graph \"{id}\": this runtime has no graphs yet (graph:clear makes one)."
                : $"There is no graph \"{id}\"; the graphs are: {string.Join(", ", Graphs.Keys.Order(StringComparer.Ordinal))}.");

    public void AddClient(IFbpClient client)
    {
        lock (_clientsLock)
        {
            _clients = [.. _clients, client];
        }
    }

    public void RemoveClient(IFbpClient client)
    {
        lock (_clientsLock)
        {
            _clients = [.. _clients.Where(c => !ReferenceEquals(c, client))];
        }
    }

    /// <summary>Sends one message to every connected client (graph changes, network events).</summary>
    /// <remarks>Each client serializes the payload before its <c>SendAsync</c> returns, so one node serves them all.</remarks>
    public async ValueTask BroadcastAsync(string protocol, string command, JsonNode? payload, CancellationToken cancellationToken)
    {
        foreach (IFbpClient client in Clients)
        {
            await client.SendAsync(protocol, command, payload, null, cancellationToken).ConfigureAwait(false);
        }
    }
}
