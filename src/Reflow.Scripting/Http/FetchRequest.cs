namespace Reflow.Scripting.Http;

/// <summary>
/// One hop of a host HTTP request (JavaScript's <c>fetch</c>, a WebAssembly plugin's <c>http_request</c>): method,
/// headers, body and redirect mode as plain .NET values, so no script value is touched while the request is on the
/// wire; and the rules a redirect follows (<see cref="Redirected"/>), the same for both. <c>Redirect</c> is
/// <c>follow</c>, <c>manual</c> or <c>error</c>, as fetch names them.
/// </summary>
internal sealed record FetchRequest(Uri Url, HttpMethod Method, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string Redirect)
{
    /// <summary>The most redirects one request follows (fetch's own limit).</summary>
    public const int MaxRedirects = 20;

    /// <summary><c>GET https://example.com/x</c>: how errors name the request.</summary>
    public override string ToString() => $"{Method} {Url}";

    /// <summary>The message to send for this hop.</summary>
    public HttpRequestMessage Create()
    {
        var message = new HttpRequestMessage(Method, Url);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
        }

        foreach (KeyValuePair<string, string> header in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value))
            {
                message.Content ??= new ByteArrayContent([]); // a content header (Content-Type) on a request without a body
                message.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return message;
    }

    /// <summary>
    /// The request a redirect asks for, by fetch's rules: 303 (and 301/302 after a POST) becomes a GET without a body,
    /// 307 and 308 repeat the method and body; an <c>Authorization</c> header is not sent to another origin. Null when
    /// <paramref name="response"/> is not a redirect that can be followed (no Location, or not http/https).
    /// </summary>
    public FetchRequest? Redirected(HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not Uri location)
        {
            return null;
        }

        Uri next = location.IsAbsoluteUri ? location : new Uri(Url, location);
        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
        {
            return null;
        }

        bool toGet = (status == 303 && Method != HttpMethod.Head) || (status is 301 or 302 && Method == HttpMethod.Post);
        bool sameOrigin = Uri.Compare(Url, next, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
        var headers = new List<KeyValuePair<string, string>>(Headers.Count);
        foreach (KeyValuePair<string, string> header in Headers)
        {
            bool drop = (!sameOrigin && string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase))
                || (toGet && header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase));
            if (!drop)
            {
                headers.Add(header);
            }
        }

        return this with { Url = next, Method = toGet ? HttpMethod.Get : Method, Body = toGet ? null : Body, Headers = headers };
    }
}
