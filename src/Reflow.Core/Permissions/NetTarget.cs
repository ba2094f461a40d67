using System.Globalization;
using System.Net;

namespace Reflow.Permissions;

/// <summary>
/// A host with an optional port, as <c>net</c> grants and checks name it: <c>example.com</c>, <c>example.com:443</c>,
/// <c>127.0.0.1:8080</c>, <c>[::1]:80</c>. Host names are compared without case (DNS ignores it), with a trailing dot
/// and international names normalised; IP addresses in their canonical form.
/// </summary>
/// <param name="Host">The normalised host (an IPv6 address without brackets).</param>
/// <param name="Port">The port; null for every port (a grant) or none known (a check).</param>
internal readonly record struct NetTarget(string Host, int? Port)
{
    /// <summary>Reads <c>host</c> or <c>host:port</c>.</summary>
    /// <exception cref="ArgumentException">The text is not a host with an optional port (1-65535); the message says what was expected.</exception>
    public static NetTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            throw Invalid(text, "a host and an optional port, not a URL");
        }

        string host = trimmed;
        string? port = null;
        if (trimmed.StartsWith('['))
        {
            int close = trimmed.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < trimmed.Length && trimmed[close + 1] != ':'))
            {
                throw Invalid(text, "an IPv6 address in brackets, then an optional :port");
            }

            host = trimmed[1..close];
            port = close + 1 < trimmed.Length ? trimmed[(close + 2)..] : null;
        }
        else if (trimmed.Count(c => c == ':') == 1)
        {
            int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            (host, port) = (trimmed[..colon], trimmed[(colon + 1)..]);
        }

        // More than one colon and no brackets: an IPv6 address alone.
        int? number = null;
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p is < 1 or > 65535)
            {
                throw Invalid(text, "a port from 1 to 65535 after the colon");
            }

            number = p;
        }

        return new NetTarget(NormaliseHost(host) ?? throw Invalid(text, "a host name or an IP address"), number);
    }

    /// <summary>The host as grants hold it, or null when it is not a host name or an IP address.</summary>
    public static string? NormaliseHost(string host)
    {
        host = host.Trim();
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        // The trailing dot goes first: 127.0.0.1. is the address 127.0.0.1 to the resolver, so it is to a grant too.
        host = host.TrimEnd('.');
        if (IPAddress.TryParse(host, out IPAddress? address) && (host.Contains(':', StringComparison.Ordinal) || host.Count(c => c == '.') == 3))
        {
            return address.ToString(); // one spelling per address (::0:1 is ::1)
        }

        if (host.Length == 0 || Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.Basic))
        {
            return null;
        }

        // Uri maps an international name to its ASCII (punycode) form and lowers the case.
        return Uri.TryCreate("http://" + host + "/", UriKind.Absolute, out Uri? uri) ? uri.IdnHost.ToLowerInvariant() : null;
    }

    /// <summary>Whether this grant covers <paramref name="target"/>: the same host, and any port or the same one.</summary>
    public bool Covers(NetTarget target) => Host == target.Host && (Port is null || Port == target.Port);

    /// <summary><c>host</c>, <c>host:port</c>, <c>[v6]:port</c>: the form a flag takes.</summary>
    public override string ToString()
    {
        string host = Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host;
        return Port is int port ? host + ":" + port.ToString(CultureInfo.InvariantCulture) : host;
    }

    private static ArgumentException Invalid(string text, string expected) =>
        new($"'{text}' is not a net permission: expected {expected}, such as example.com, example.com:443 or 127.0.0.1:8080.", nameof(text));
}
