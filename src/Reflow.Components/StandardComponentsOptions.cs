using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Reflow.Components;

/// <summary>
/// What the standard components take from their host: where <c>core/Output</c> writes, the loggers of
/// <c>core/Log</c>, and the HTTP client of <c>http/Request</c>. Immutable; pass it to
/// <see cref="StandardComponents.AddStandardComponents"/>.
/// </summary>
public sealed record StandardComponentsOptions
{
    /// <summary>The defaults: the console, no logging, a shared <see cref="System.Net.Http.HttpClient"/>.</summary>
    public static StandardComponentsOptions Default { get; } = new();

    /// <summary>Where <c>core/Output</c> writes its lines; the console when null (read when a node starts).</summary>
    public TextWriter? Output { get; init; }

    /// <summary>The loggers <c>core/Log</c> writes to (category: the node id); nothing is logged by default.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Makes the <see cref="System.Net.Http.HttpClient"/> every <c>http/Request</c> node uses (called once, on first
    /// use). The default makes one client over a <see cref="System.Net.Http.SocketsHttpHandler"/> shared by all nodes.
    /// </summary>
    public Func<HttpClient>? HttpClientFactory { get; init; }
}
