using System.Net.Http.Headers;
using System.Text;
using Reflow.Messages;

namespace Reflow.Components.Http;

/// <summary>
/// One request as a message describes it: a String is the URL; an Object may give <c>url</c>, <c>method</c>,
/// <c>headers</c> (an Object of Strings) and <c>body</c> (a String is sent as text, Bytes as they are, anything else
/// as JSON). What the message leaves out comes from the node's configuration.
/// </summary>
internal sealed record HttpRequestSpec(HttpMethod Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, Message Body)
{
    /// <summary>Reads the request of <paramref name="message"/>; returns null with the reason when it cannot.</summary>
    public static HttpRequestSpec? TryRead(in Message message, string? defaultUrl, string defaultMethod, MessageObject defaultHeaders, out string? problem)
    {
        problem = null;
        string? url = defaultUrl;
        string method = defaultMethod;
        Message body = default;
        var headers = new List<KeyValuePair<string, string>>();
        AddHeaders(defaultHeaders, headers);
        if (message.TryGetString(out string? text))
        {
            url = text;
        }
        else if (message.TryGetObject(out MessageObject? fields))
        {
            if (fields.TryGetValue("url", out Message u) && !u.TryGetString(out url))
            {
                problem = $"'url' must be a String, not {u}";
                return null;
            }

            if (fields.TryGetValue("method", out Message m) && !m.TryGetString(out method!))
            {
                problem = $"'method' must be a String, not {m}";
                return null;
            }

            if (fields.TryGetValue("headers", out Message h))
            {
                if (!h.TryGetObject(out MessageObject? given) || given.Values.Any(v => v.Kind != MessageKind.String))
                {
                    problem = $"'headers' must be an Object of Strings, not {h}";
                    return null;
                }

                AddHeaders(given, headers);
            }

            fields.TryGetValue("body", out body);
        }
        else if (!message.IsFlow && !message.IsNull)
        {
            problem = $"expects a URL (String) or a request Object {{url, method, headers, body}}, got {message}";
            return null;
        }

        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = url is null ? "no URL: the message gives none and the node has no 'url'" : $"'{url}' is not an absolute http or https URL";
            return null;
        }

        return new HttpRequestSpec(new HttpMethod(method.ToUpperInvariant()), uri, headers, body);
    }

    private static void AddHeaders(MessageObject headers, List<KeyValuePair<string, string>> into)
    {
        foreach (KeyValuePair<string, Message> header in headers)
        {
            into.RemoveAll(h => string.Equals(h.Key, header.Key, StringComparison.OrdinalIgnoreCase)); // the message's header wins
            into.Add(new(header.Key, header.Value.AsString()));
        }
    }

    /// <summary>A fresh request message (one per attempt: an HttpRequestMessage cannot be sent twice).</summary>
    public HttpRequestMessage Create()
    {
        var request = new HttpRequestMessage(Method, Url) { Content = Content() };
        foreach (KeyValuePair<string, string> header in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value) && request.Content is not null)
            {
                request.Content.Headers.Remove(header.Key);
                request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return request;
    }

    private HttpContent? Content() => Body.Kind switch
    {
        MessageKind.Flow or MessageKind.Null => null,
        MessageKind.String => new StringContent(Body.AsString(), Encoding.UTF8, "text/plain"),
        MessageKind.Bytes => new ReadOnlyMemoryContent(Body.AsBytes()) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        _ => new ByteArrayContent(MessageJson.ToUtf8Json(Body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
    };

    /// <summary>"GET http://…" for reports.</summary>
    public override string ToString() => $"{Method} {Url}";
}
