using System.Net;

namespace Reflow.Server.Hosting;

/// <summary>
/// Which HTTP requests may reach the runtime. A browser sends <c>Origin</c> with every WebSocket it opens: a page from
/// anywhere but the server itself or <see cref="ReflowServerOptions.AllowedOrigins"/> is refused, so a web site a user
/// happens to visit cannot drive a runtime on their machine. Programs (fbp-test, Flowhub's node clients) send no
/// <c>Origin</c> and are not browsers: allowed. A loopback server also takes only loopback names in <c>Host</c>, since
/// a page whose own name was re-pointed at 127.0.0.1 (DNS rebinding) would otherwise count as the server's own origin;
/// the host names of the allowed origins count as loopback names too (a reverse proxy in front of a loopback runtime
/// passes its public name on).
/// </summary>
internal sealed class OriginPolicy
{
    private readonly bool _loopbackOnly;
    private readonly bool _tls;
    private readonly HashSet<string> _allowed;
    private readonly HashSet<string> _allowedHosts;

    public OriginPolicy(bool loopbackOnly, bool tls, IEnumerable<string> allowedOrigins)
    {
        _loopbackOnly = loopbackOnly;
        _tls = tls;
        _allowed = new(allowedOrigins.Select(Normalize), StringComparer.Ordinal);
        _allowedHosts = new(
            _allowed.Select(o => Uri.TryCreate(o, UriKind.Absolute, out Uri? uri) ? uri.Host : null).OfType<string>(),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Why the request is refused (the text of the 403 answer), or null when it may go on.</summary>
    /// <param name="host">The request's <c>Host</c> header (host and port), or empty.</param>
    /// <param name="origin">The request's <c>Origin</c> header, or null when it has none.</param>
    public string? Refusal(string host, string? origin)
    {
        if (_loopbackOnly && host.Length > 0 && !IsLoopbackName(host) && !_allowedHosts.Contains(HostName(host)))
        {
            return $"Host \"{host}\" is not a loopback name, and this runtime listens on loopback only: connect to 127.0.0.1, [::1] or localhost " +
                "(behind a proxy that passes its own name: allow that name's origin, reflow serve --allow-origin https://NAME).";
        }

        if (origin is null)
        {
            return null; // not a browser
        }

        string normalized = Normalize(origin);
        if (_allowed.Contains(normalized) || IsOwnOrigin(normalized, host))
        {
            return null;
        }

        return $"Origin \"{origin}\" is not allowed: a browser page may connect from this server's own origin or an allowed one (reflow serve --allow-origin {origin}).";
    }

    /// <summary>An origin as browsers write it: <c>scheme://host[:port]</c>, lower case, the default port left out, no trailing slash.</summary>
    public static string Normalize(string origin)
    {
        string trimmed = origin.Trim().TrimEnd('/');
        return Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"
            ? uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}" : $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}:{uri.Port}"
            : trimmed.ToLowerInvariant(); // "null" (a file:// page) and the like: compared as written
    }

    private bool IsOwnOrigin(string normalizedOrigin, string host) =>
        host.Length > 0 && normalizedOrigin == Normalize((_tls ? "https://" : "http://") + host);

    /// <summary>The name in a <c>Host</c> header, without its port (IPv6 in brackets as written).</summary>
    private static string HostName(string host) => Uri.TryCreate("http://" + host, UriKind.Absolute, out Uri? uri) ? uri.Host : host;

    private static bool IsLoopbackName(string host)
    {
        string name = HostName(host);
        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            name = name[1..^1];
        }

        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) // RFC 6761: always loopback
            || (IPAddress.TryParse(name, out IPAddress? address) && IPAddress.IsLoopback(address));
    }
}
