using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;
using Reflow.Permissions;

namespace Reflow.Components.Http;

/// <summary>
/// http/Request: one HTTP request per message with a real <see cref="HttpClient"/>, each attempt timed out and
/// transient failures retried with backoff by a Polly resilience pipeline.
/// </summary>
/// <remarks>
/// The request is made synchronously on the blocking pool (the component may block): the node handles one message
/// at a time, in order, and its input edge fills while a request is slow, so backpressure reaches the senders
/// instead of requests piling up in memory. Run several nodes for requests in parallel.
/// <para>Every host the request reaches must be granted (<c>net</c>, <see cref="ActorContext.Permissions"/>): the
/// URL's host and port before it is sent, and each redirect's before it is followed. Redirects are followed here, not
/// by the client (the shared client never follows them itself), so no request leaves for a host that is not granted;
/// a host's own client that follows redirects itself has its final URL checked before its response is used. A denied
/// request goes to <c>error</c> naming the <c>--allow-net</c> flag that grants it.</para>
/// </remarks>
[Component("http/Request", MayBlock = true,
    Description = "Makes an HTTP request per message: a String is the URL; an Object may give url, method, headers (an Object of Strings) and body (a String is sent as text/plain, Bytes as application/octet-stream, anything else as JSON); what it leaves out comes from the configuration. Redirects are followed up to 'maxRedirects' times. Every host reached needs net permission (--allow-net=host:port), checked before the request and before each redirect. Each attempt times out after 'timeoutMs'; connection failures, timeouts, 408, 429 and 5xx are retried 'retries' times with exponential backoff. A 2xx or 3xx response goes to 'response' as {status, headers, body}; every final status goes to 'status'; a 4xx/5xx, an exhausted retry or a bad request goes to 'error'. Requests run one at a time per node, in order (on the blocking pool).")]
[InPort("in", Description = "A URL (String), a request Object, or Flow/Null to request the configured 'url'.")]
[OutPort("response", PortType.Object, Description = "{\"status\": Integer, \"headers\": {name: String}, \"body\": …}: a JSON body parsed, text as a String, anything else as Bytes.")]
[OutPort("status", PortType.Integer, Description = "The final status code of every request that got a response.")]
[OutPort("error", PortType.Error, Description = "A 4xx/5xx response (with the start of its body), a request that failed or timed out on every attempt, a bad request or an unreadable body.")]
[Config("url", ConfigType.String, Description = "The URL when the message gives none.")]
[Config("method", ConfigType.String, DefaultJson = "\"GET\"", Description = "The method when the message gives none.")]
[Config("headers", ConfigType.Object, Description = "Headers sent with every request (an Object of Strings); the message's headers win.")]
[Config("timeoutMs", ConfigType.Number, DefaultJson = "30000", Minimum = 1, Description = "How long one attempt may take.")]
[Config("retries", ConfigType.Integer, DefaultJson = "2", Minimum = 0, Description = "Retries after the first attempt, for transient failures.")]
[Config("retryDelayMs", ConfigType.Number, DefaultJson = "200", Minimum = 0, Description = "The first retry's delay; each next one doubles.")]
[Config("responseType", ConfigType.String, DefaultJson = "\"auto\"", OneOf = "auto|json|text|bytes", Description = "How the body is read: 'auto' by its content type (JSON, text, else Bytes).")]
[Config("maxResponseBytes", ConfigType.Integer, DefaultJson = "16777216", Minimum = 0, Description = "A larger body is an error (bodies are read into memory).")]
[Config("maxRedirects", ConfigType.Integer, DefaultJson = "10", Minimum = 0, Description = "Redirects followed per request (each to a granted host); one more is an error. 0: a redirect is delivered as it is.")]
internal sealed class HttpRequestActor : StandardActor
{
    private ResiliencePipeline<HttpResponseMessage> _pipeline = ResiliencePipeline<HttpResponseMessage>.Empty;
    private string? _url;
    private string _method = "GET";
    private MessageObject _headers = MessageObject.Empty;
    private TimeSpan _timeout;
    private int _retries;
    private int _maxRedirects;
    private int _attempts; // of the current request, counted as they are made: what a report says happened
    private HttpResponseReader _reader = null!;
    private OutPort _response;
    private OutPort _status;

    /// <summary>The client (the host's, or the shared one).</summary>
    public Lazy<HttpClient>? Client { get; init; }

    protected override void Start(ActorContext context)
    {
        ActorConfiguration configuration = context.Configuration;
        _url = configuration.TryGetValue("url", out Message url) ? url.AsString() : null;
        _method = configuration.GetString("method", "GET");
        _headers = configuration.TryGetValue("headers", out Message headers) ? headers.AsObject() : MessageObject.Empty;
        if (_headers.Values.Any(v => v.Kind != MessageKind.String))
        {
            throw new ActorConfigurationException(context.NodeId, ["configuration 'headers' must be an Object of Strings"]);
        }

        _timeout = GetMilliseconds(context, "timeoutMs", 30_000);
        _retries = GetInt32(context, "retries", 2);
        _maxRedirects = GetInt32(context, "maxRedirects", 10);
        _reader = new HttpResponseReader(configuration.GetString("responseType", "auto"), configuration.GetInteger("maxResponseBytes", 16 << 20));
        _pipeline = BuildPipeline(context.TimeProvider, _timeout, _retries, GetMilliseconds(context, "retryDelayMs", 200));
        _response = context.OutPort("response");
        _status = context.OutPort("status");
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(TimeProvider time, TimeSpan timeout, int retries, TimeSpan delay)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retries,
                Delay = delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(static r => IsTransient(r.StatusCode)),
                OnRetry = static args =>
                {
                    args.Outcome.Result?.Dispose(); // the retried response is never read
                    return default;
                },
            });
        }

        return builder.AddTimeout(timeout).Build(); // inside the retry: every attempt gets the whole timeout
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    protected override void Handle(ActorContext context)
    {
        HttpRequestSpec? request = HttpRequestSpec.TryRead(context.Message, _url, _method, _headers, out string? problem);
        if (request is null)
        {
            Fail(context, problem!);
            return;
        }

        HttpClient client = (Client ?? s_shared).Value;
        HttpRequestSpec hop = request;
        for (int redirects = 0; ; redirects++)
        {
            if (!context.Permissions.TryCheckNet(hop.Url, out PermissionDeniedException? denial))
            {
                Fail(context, ReferenceEquals(hop, request) ? $"{request}: {denial.Message}" : $"{request}: redirected to {hop.Url}: {denial.Message}");
                return;
            }

            if (Send(context, client, request, hop) is not HttpResponseMessage response)
            {
                return; // reported
            }

            using (response)
            {
                HttpRequestSpec? next = _maxRedirects > 0 ? HttpRedirect.Next(hop, response) : null;
                if (next is not null && redirects < _maxRedirects)
                {
                    hop = next;
                    continue;
                }

                if (next is not null)
                {
                    Fail(context, $"{request}: more than {_maxRedirects} redirect(s) ('maxRedirects'); the last went to {next.Url}");
                    return;
                }

                // A host's own client may follow redirects itself: its last hop must be granted too.
                if (response.RequestMessage?.RequestUri is Uri final && final != hop.Url && !context.Permissions.TryCheckNet(final, out denial))
                {
                    Fail(context, $"{request}: the client was redirected to {final}: {denial.Message}");
                    return;
                }

                Deliver(context, request, response);
                return;
            }
        }
    }

    /// <summary>Sends one hop through the resilience pipeline; null when it failed on every attempt (reported).</summary>
    private HttpResponseMessage? Send(ActorContext context, HttpClient client, HttpRequestSpec request, HttpRequestSpec hop)
    {
        _attempts = 0;
        try
        {
            return _pipeline.Execute(static (state, token) =>
            {
                state.Actor._attempts++;
                using HttpRequestMessage message = state.Hop.Create();
                return state.Client.Send(message, HttpCompletionOption.ResponseHeadersRead, token);
            }, (Actor: this, Hop: hop, Client: client), CancellationToken.None);
        }
        catch (TimeoutRejectedException)
        {
            Fail(context, $"{Where(request, hop)}: no response within {_timeout.TotalMilliseconds} ms, on each of {_attempts} attempt(s)");
        }
        catch (HttpRequestException ex)
        {
            Fail(context, $"{Where(request, hop)}: the request failed on each of {_attempts} attempt(s): {ex.Message}");
        }

        return null;
    }

    private static string Where(HttpRequestSpec request, HttpRequestSpec hop) =>
        ReferenceEquals(request, hop) ? request.ToString() : $"{request} (redirected to {hop.Url})";

    private void Deliver(ActorContext context, HttpRequestSpec request, HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        Message body;
        try
        {
            body = _reader.Read(response);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or MessageFormatException or InvalidDataException or OperationCanceledException)
        {
            context.Emit(_status, Message.Integer(status));
            Fail(context, $"{request}: {status} {response.ReasonPhrase}, but its body could not be read: {ex.Message}");
            return;
        }

        context.Emit(_status, Message.Integer(status));
        if (status >= 400)
        {
            string attempts = _attempts > 1 ? $" (after {_attempts} attempts)" : "";
            Fail(context, $"{request}: {status} {response.ReasonPhrase}{attempts}: {Excerpt(body)}");
            return;
        }

        context.Emit(_response, Message.Object(
            new("status", Message.Integer(status)),
            new("headers", HttpResponseReader.Headers(response)),
            new("body", body)));
    }

    private static string Excerpt(in Message body)
    {
        string text = body.TryGetString(out string? s) ? s : body.ToString();
        return text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
    }

    private static readonly Lazy<HttpClient> s_shared = new(() => SharedHttpClient.Instance);
}
