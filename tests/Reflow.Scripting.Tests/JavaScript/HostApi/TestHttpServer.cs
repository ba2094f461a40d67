using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Reflow.Scripting.Tests.JavaScript.HostApi;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a port the system picks, for the fetch tests. It counts every request it
/// gets by its <c>key</c> query parameter, so a test can prove a request never arrived.
/// </summary>
public sealed class TestHttpServer : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private WebApplication? _app;

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>127.0.0.1:port, as a net grant names it.</summary>
    public string Authority => new Uri(BaseUrl).Authority;

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
            _hits.AddOrUpdate(context.Request.Query["key"].ToString(), 1, (_, n) => n + 1);
            await next(context);
        });
        app.MapGet("/hello", (HttpContext context) =>
        {
            context.Response.Headers["X-Reflow"] = "yes";
            return Results.Text("hello", "text/plain");
        });
        app.MapGet("/json", () => Results.Text("""{"a":1,"b":[true,null]}""", "application/json"));
        app.MapGet("/bytes", () => Results.Bytes(new byte[] { 0, 1, 255 }, "application/octet-stream"));
        app.MapGet("/missing", () => Results.Text("no such thing", "text/plain", statusCode: 404));
        app.Map("/echo", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            return Results.Text($"{request.Method}|{request.ContentType}|{request.Headers["X-Test"]}|{Convert.ToHexString(body.ToArray())}", "text/plain");
        });
        // /redirect?to=URL&status=302; without 'to', to itself.
        app.Map("/redirect", (HttpContext context) =>
        {
            context.Response.StatusCode = int.Parse(context.Request.Query["status"].FirstOrDefault() ?? "302", System.Globalization.CultureInfo.InvariantCulture);
            string to = context.Request.Query["to"].ToString();
            context.Response.Headers.Location = to.Length > 0 ? to : context.Request.Path + context.Request.QueryString;
            return Task.CompletedTask;
        });
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted); // never answers: the caller's time limit ends it
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
