namespace Reflow.Scripting.Http;

/// <summary>
/// The one client every script's <c>fetch</c> and every plugin's <c>http_request</c> uses: a client per node would
/// exhaust sockets. Pooled connections are recycled every few minutes so DNS changes are seen. It never follows a
/// redirect itself (the caller checks each hop's host before it follows), and its own timeout is off: each call
/// carries a token that expires with the node's time limit.
/// </summary>
internal static class HostHttpClient
{
    private static readonly Lazy<HttpClient> s_client = new(() => new HttpClient(
        new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseCookies = false, // no cookie jar shared between scripts
            ConnectTimeout = TimeSpan.FromSeconds(30),
        },
        disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>The client.</summary>
    public static HttpClient Instance => s_client.Value;
}
