using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Reflow.Server.Tests.Workflows;

/// <summary>A test HTTP server on 127.0.0.1 that records every POST; the first <c>failFirst</c> POSTs to /hook are answered 500.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app, int failFirst)
    {
        _app = app;
        _failuresLeft = failFirst;
    }

    /// <summary>One POST as it arrived, and what it was answered.</summary>
    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, JsonObject Body, int AnsweredStatus);

    public int Port { get; private set; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}/{path}");

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var receiver = new WebhookReceiver(app, failFirst);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Port = new Uri(app.Urls.First()).Port;
        return receiver;
    }

    /// <summary>The next POST (at most <see cref="WorkflowTestServer.Patience"/> away).</summary>
    public async Task<Received> NextAsync()
    {
        using var timeout = new CancellationTokenSource(WorkflowTestServer.Patience);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>POSTs until one satisfies <paramref name="last"/>, that one included.</summary>
    public async Task<List<Received>> UntilAsync(Func<Received, bool> last)
    {
        var seen = new List<Received>();
        for (int i = 0; i < 10_000; i++)
        {
            Received next = await NextAsync();
            seen.Add(next);
            if (last(next))
            {
                return seen;
            }
        }

        throw new Xunit.Sdk.XunitException("no end among 10000 webhook POSTs");
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        string text = await reader.ReadToEndAsync();
        int status = context.Request.Path == "/hook" && Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 200;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Writer.TryWrite(new Received(context.Request.Path, headers, JsonNode.Parse(text)!.AsObject(), status));
        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
