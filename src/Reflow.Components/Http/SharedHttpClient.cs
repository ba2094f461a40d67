namespace Reflow.Components.Http;

/// <summary>
/// The client http/Request nodes use when the host gives none: one for the process, since an HttpClient per node
/// would exhaust sockets, with pooled connections recycled every few minutes so DNS changes are seen. Its own
/// timeout is off: each node's resilience pipeline times every attempt.
/// </summary>
internal static class SharedHttpClient
{
    private static readonly Lazy<HttpClient> s_client = new(() => new HttpClient(
        new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }, disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>The client.</summary>
    public static HttpClient Instance => s_client.Value;
}
