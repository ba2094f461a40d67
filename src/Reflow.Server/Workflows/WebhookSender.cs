using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Reflow.Server.Workflows;

/// <summary>
/// The webhook POSTs of one execution, in event order, each retried with exponential backoff on a network error or a
/// non-2xx answer (at most <see cref="WorkflowSettings.WebhookAttempts"/> tries). One loop sends, so a slow receiver
/// delays only this execution's webhooks; a full queue drops (and counts) rather than holding the run back. Every
/// outcome is counted and shown in the execution's status.
/// </summary>
internal sealed class WebhookSender
{
    private readonly HttpClient _client;
    private readonly WorkflowSettings _settings;
    private readonly Action<string> _log;
    private readonly Channel<(Uri Url, string Body, WorkflowEvent Event, bool Trace)> _queue;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;
    private readonly CancellationToken _stopping;
    private long _delivered;
    private long _retries;
    private long _failed;
    private long _dropped;
    private string? _lastError;

    public WebhookSender(HttpClient client, WorkflowSettings settings, IReadOnlyList<KeyValuePair<string, string>> headers, Action<string> log, CancellationToken stopping)
    {
        _client = client;
        _settings = settings;
        _headers = headers;
        _log = log;
        _stopping = stopping;
        _queue = Channel.CreateBounded<(Uri, string, WorkflowEvent, bool)>(new BoundedChannelOptions(settings.WebhookQueue) { SingleReader = true });
        Completion = Task.Run(SendLoopAsync, CancellationToken.None);
    }

    /// <summary>Completes when everything queued was sent (or given up) after <see cref="Complete"/>, or the server stops.</summary>
    public Task Completion { get; }

    /// <summary>Queues a POST of <paramref name="event"/> to <paramref name="url"/> (the trace form when <paramref name="trace"/>).</summary>
    public void Post(Uri url, WorkflowEvent @event, bool trace)
    {
        string body = (trace ? @event.ToTraceJson() : @event.ToJson()).ToJsonString();
        if (!_queue.Writer.TryWrite((url, body, @event, trace)))
        {
            Interlocked.Increment(ref _dropped);
            _log($"workflow {@event.ExecutionId}: webhook queue full ({_settings.WebhookQueue}); {@event.Type} to {url} dropped");
        }
    }

    /// <summary>No more POSTs: the loop ends once the queue is empty.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>The counters, as the status shows them.</summary>
    public JsonObject Statistics()
    {
        var statistics = new JsonObject
        {
            ["delivered"] = Interlocked.Read(ref _delivered),
            ["retries"] = Interlocked.Read(ref _retries),
            ["failed"] = Interlocked.Read(ref _failed),
            ["dropped"] = Interlocked.Read(ref _dropped),
        };
        if (Volatile.Read(ref _lastError) is { } error)
        {
            statistics["last_error"] = error;
        }

        return statistics;
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach ((Uri url, string body, WorkflowEvent e, bool trace) in _queue.Reader.ReadAllAsync(_stopping).ConfigureAwait(false))
            {
                await DeliverAsync(url, body, e, trace).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The server stops: what is still queued is not sent, and counted.
            while (_queue.Reader.TryRead(out _))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    private async Task DeliverAsync(Uri url, string body, WorkflowEvent e, bool trace)
    {
        TimeSpan delay = _settings.WebhookFirstDelay;
        for (int attempt = 1; ; attempt++)
        {
            string? problem = await TryOnceAsync(url, body, e, trace).ConfigureAwait(false);
            if (problem is null)
            {
                Interlocked.Increment(ref _delivered);
                return;
            }

            string error = $"{e.Type} to {url}: {problem} (try {attempt} of {_settings.WebhookAttempts})";
            Volatile.Write(ref _lastError, error);
            if (attempt >= _settings.WebhookAttempts)
            {
                Interlocked.Increment(ref _failed);
                _log($"workflow {e.ExecutionId}: webhook given up: {error}");
                return;
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(delay, _stopping).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.WebhookMaxDelay.Ticks));
        }
    }

    /// <summary>One POST; null when the receiver took it (2xx), else what went wrong.</summary>
    private async Task<string?> TryOnceAsync(Uri url, string body, WorkflowEvent e, bool trace)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation("X-Reflow-Event-Type", e.HeaderValue());
        request.Headers.TryAddWithoutValidation("X-Reflow-Execution-ID", e.ExecutionId);
        request.Headers.TryAddWithoutValidation("X-Reflow-Workflow-ID", e.WorkflowId);
        if (!trace)
        {
            foreach ((string name, string value) in _headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        timeout.CancelAfter(_settings.WebhookTimeout);
        try
        {
            using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return $"no answer within {_settings.WebhookTimeout.TotalSeconds:0.#} s";
        }
    }
}
