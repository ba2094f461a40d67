using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Server.Hosting;

/// <summary>How a <see cref="ReflowServer"/> listens and what it lets clients do. CONTRACT: H1 owns and may add to it.</summary>
public sealed class ReflowServerOptions
{
    /// <summary>The address to listen on: loopback (<c>127.0.0.1</c>, the default) unless a <see cref="Secret"/> is set.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (see <see cref="ReflowServer.Url"/>). Default 3569.</summary>
    public int Port { get; init; } = 3569;

    /// <summary>The protocol's <c>secret</c>: required on any address but loopback; every message must carry it.</summary>
    public string? Secret { get; init; }

    /// <summary>A certificate (PFX, or PEM with <see cref="CertificateKeyPath"/>) to serve TLS with (wss:// and https://).</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>, when it is a PEM certificate.</summary>
    public string? CertificateKeyPath { get; init; }

    /// <summary>The password of a PFX <see cref="CertificatePath"/>.</summary>
    public string? CertificatePassword { get; init; }

    /// <summary>Browser origins allowed besides the server's own (a browser's WebSocket from any other is refused).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>The largest protocol message taken, in bytes (larger: refused, that connection closed, the server stays up).</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Data events (<c>network:data</c>, <c>begingroup</c>, <c>endgroup</c>) sent per edge per second at most (default
    /// 100): an edge carrying fewer has every packet sent; a busy one a sample spread over each second, each event
    /// saying how many packets passed unseen before it (<c>skipped</c>). 0 sends every packet, which on a busy network
    /// costs far more than the network's own work.
    /// </summary>
    public int DataEventsPerEdgePerSecond { get; init; } = DefaultDataEventsPerEdgePerSecond;

    /// <summary>The default of <see cref="DataEventsPerEdgePerSecond"/>.</summary>
    public const int DefaultDataEventsPerEdgePerSecond = 100;

    /// <summary>Whether <c>component:source</c> may add JavaScript, TypeScript or Python components from source.</summary>
    public bool AllowComponentSource { get; init; }

    /// <summary>The components graphs may use.</summary>
    public ComponentRegistry Components { get; init; } = new();

    /// <summary>The graph the runtime starts with, or null (clients make one with <c>graph:clear</c>).</summary>
    public Graph? Graph { get; init; }

    /// <summary>
    /// The file <see cref="Graph"/> was read from (<c>reflow serve</c>'s graph argument), or null. While the runtime's
    /// graph is still that one (no <c>graph:clear</c> replaced it), it loads as <c>reflow run</c> loads the file: relative
    /// paths in its nodes' settings start at the file's directory, and a <c>.fbp</c> file's settings, written as text,
    /// are typed by each component's schema. Null: the current directory, and the settings as the graph holds them.
    /// </summary>
    public string? GraphFile { get; init; }

    /// <summary>The options of every network the runtime starts.</summary>
    public NetworkOptions NetworkOptions { get; init; } = new();

    /// <summary>Workflow API executions (<c>POST /workflows</c>) whose networks run at once; more wait as Queued. Default 4.</summary>
    public int MaxRunningWorkflows { get; init; } = 4;

    /// <summary>Workflow API executions that may wait for a slot; past it a new one is refused (503). Default 64.</summary>
    public int MaxQueuedWorkflows { get; init; } = 64;

    /// <summary>Finished workflow API executions kept for <c>GET /workflows/{id}</c>; past it the oldest is forgotten. Default 100.</summary>
    public int MaxKeptWorkflows { get; init; } = 100;

    /// <summary>Where the server reports what happens to it (listening, connections, refusals, failures), one line each; null: nowhere.</summary>
    public Action<string>? Log { get; init; }
}
