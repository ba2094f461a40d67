using System.Text.Json.Nodes;
using Reflow.Server.Runtime;

namespace Reflow.Server.Tests.Runtime;

/// <summary>
/// Stands for H3's LiveNetwork (Network/LiveNetwork.cs) in the runtime and graph protocol tests: a network that is
/// running or not, recording the packets <c>runtime:packet</c> hands it and the graph edits it is told of. It is not the thing under test.
/// </summary>
internal sealed class RecordingLiveNetwork(string graph, bool running) : ILiveNetwork
{
    public List<(string Port, string Event, string? Payload)> Packets { get; } = [];

    public string Graph { get; } = graph;

    public bool IsRunning { get; set; } = running;

    public bool HasStarted => true;

    public DateTimeOffset? StartedAt { get; } = DateTimeOffset.UtcNow;

    public bool Debug => false;

    public ValueTask SendPacketAsync(string port, string @event, JsonNode? payload, CancellationToken cancellationToken)
    {
        Packets.Add((port, @event, payload?.ToJsonString()));
        return ValueTask.CompletedTask;
    }

    /// <summary>How many times an edit of the graph was handed on (ApplyGraphAsync).</summary>
    public int Applied { get; private set; }

    public ValueTask<Networks.NetworkUpdate?> ApplyGraphAsync(CancellationToken cancellationToken)
    {
        Applied++;
        return ValueTask.FromResult<Networks.NetworkUpdate?>(null);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
