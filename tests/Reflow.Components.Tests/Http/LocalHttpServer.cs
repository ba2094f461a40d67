using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Reflow.Components.Tests.Http;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a port the system picks, with the endpoints the HTTP tests need; it
/// counts the requests each endpoint gets (by the <c>key</c> query parameter), so tests can check retries.
/// </summary>
public sealed class LocalHttpServer : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private WebApplication? _app;

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>How many requests carried <c>key</c>.</summary>
    public int Hits(string key) => _hits.GetValueOrDefault(key);

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Query.TryGetValue("key", out var key))
            {
                _hits.AddOrUpdate(key.ToString(), 1, (_, n) => n + 1);
            }

            await next(context);
        });
        app.MapGet("/hello", () => Results.Text("hello", "text/plain"));
        app.MapGet("/json", () => Results.Text("""{"a":1,"b":[true,null]}""", "application/json"));
        app.MapGet("/bytes", () => Results.Bytes(new byte[] { 1, 2, 3 }, "application/octet-stream"));
        app.MapGet("/bad-json", () => Results.Text("{nope", "application/json"));
        app.MapPost("/echo", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            string body = await reader.ReadToEndAsync();
            return Results.Text($"{request.ContentType}|{request.Headers["X-Test"]}|{body}", "text/plain");
        });
        app.MapGet("/missing", () => Results.Text("no such thing", "text/plain", statusCode: 404));
        app.MapGet("/broken", () => Results.Text("it broke", "text/plain", statusCode: 500));
        app.MapGet("/flaky", (HttpRequest request) =>
            Hits(request.Query["key"].ToString()) <= 2 ? Results.StatusCode(503) : Results.Text("finally", "text/plain"));
        // /redirect?to=URL&status=302: a redirect (any method), for the permission and redirect tests; without 'to', to itself.
        app.Map("/redirect", (HttpContext context) =>
        {
            context.Response.StatusCode = int.Parse(context.Request.Query["status"].FirstOrDefault() ?? "302", System.Globalization.CultureInfo.InvariantCulture);
            string to = context.Request.Query["to"].ToString();
            context.Response.Headers.Location = to.Length > 0 ? to : context.Request.Path + context.Request.QueryString;
            return Task.CompletedTask;
        });
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted); // answers never: the client's timeout ends it
            return Results.Ok();
        });
        await app.StartAsync();
        _app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
