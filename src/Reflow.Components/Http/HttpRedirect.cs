using System.Net;

namespace Reflow.Components.Http;

/// <summary>
/// The request a redirect response asks for, by the rules browsers and <see cref="HttpClient"/> follow: 303 (and
/// 301/302 after a POST) becomes a GET without a body, 307 and 308 repeat the method and body; <c>Authorization</c> is
/// not sent on; an https URL is never redirected to plain http.
/// </summary>
internal static class HttpRedirect
{
    /// <summary>The next hop after <paramref name="response"/> to <paramref name="hop"/>, or null when it is not a redirect to follow.</summary>
    public static HttpRequestSpec? Next(HttpRequestSpec hop, HttpResponseMessage response)
    {
        HttpStatusCode status = response.StatusCode;
        if (status is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect) || response.Headers.Location is not Uri location)
        {
            return null;
        }

        Uri next = location.IsAbsoluteUri ? location : new Uri(hop.Url, location);
        if ((next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
            || (hop.Url.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp))
        {
            return null; // the response is delivered as it is, as HttpClient does
        }

        if (next.Fragment.Length == 0 && hop.Url.Fragment.Length > 0)
        {
            next = new UriBuilder(next) { Fragment = hop.Url.Fragment[1..] }.Uri; // RFC 9110 §10.2.2: the fragment carries over
        }

        bool toGet = status == HttpStatusCode.SeeOther ? hop.Method != HttpMethod.Head
            : status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && hop.Method == HttpMethod.Post;
        return hop with
        {
            Url = next,
            Method = toGet ? HttpMethod.Get : hop.Method,
            Body = toGet ? default : hop.Body,
            Headers = [.. hop.Headers.Where(h => !string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase))],
        };
    }
}
