using Reflow.Networks;

namespace Reflow.Server.Runtime;

/// <summary>What the protocol handlers need to know of how the server was started (from <see cref="Hosting.ReflowServerOptions"/>).</summary>
internal sealed record RuntimeSettings
{
    /// <summary>The runtime's id in <c>runtime:runtime</c> (stable for the server's life).</summary>
    public string RuntimeId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>A human-readable name of the runtime.</summary>
    public string Label { get; init; } = "Reflow for .NET";

    /// <summary>The secret every message must carry, or null (loopback only).</summary>
    public string? Secret { get; init; }

    /// <summary>Whether <c>component:source</c> may add components from source (JavaScript, TypeScript, Python).</summary>
    public bool AllowComponentSource { get; init; }

    /// <summary>The options of every network the runtime starts.</summary>
    public NetworkOptions NetworkOptions { get; init; } = new();

    /// <summary>Data events per edge per second at most, 0 for every packet (see <see cref="Hosting.ReflowServerOptions.DataEventsPerEdgePerSecond"/>).</summary>
    public int DataEventsPerEdgePerSecond { get; init; } = Hosting.ReflowServerOptions.DefaultDataEventsPerEdgePerSecond;

    /// <summary>The graph the server started with and how to load it as its file loads (see <see cref="Hosting.ReflowServerOptions.GraphFile"/>), or null.</summary>
    public (Graphs.Graph Graph, GraphLoadOptions Loading)? FileGraph { get; init; }

    /// <summary>The FBP protocol version spoken.</summary>
    public string ProtocolVersion { get; init; } = "0.9";
}
