namespace Reflow.Components.Http;

/// <summary>
/// The client http/Request nodes use when the host gives none: one for the process, since an HttpClient per node
/// would exhaust sockets, with pooled connections recycled every few minutes so DNS changes are seen. Its own
/// timeout is off: each node's resilience pipeline times every attempt. It never follows a redirect itself: the node
/// follows each one after checking that its host is granted.
/// </summary>
internal static class SharedHttpClient
{
    private static readonly Lazy<HttpClient> s_client = new(() => new HttpClient(
        new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false }, disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>The client.</summary>
    public static HttpClient Instance => s_client.Value;
}
