using System.Text.Json.Nodes;

namespace Reflow.Server.Network;

/// <summary>One <c>network</c> protocol message a run's event made (see <see cref="ProtocolEventMapper"/>).</summary>
/// <param name="Command">The protocol command: data, connect, processerror…</param>
/// <param name="Payload">Its payload, fresh: the caller may keep it.</param>
/// <param name="Time">When it happened.</param>
/// <param name="Edge">The edge it is about, for the edge events (whose clients are the ones watching that edge); null otherwise.</param>
internal readonly record struct ProtocolEvent(string Command, JsonObject Payload, DateTimeOffset Time, WatchedEdge? Edge = null);
