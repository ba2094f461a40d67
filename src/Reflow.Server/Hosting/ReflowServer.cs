using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reflow.Networks;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;

namespace Reflow.Server.Hosting;

/// <summary>
/// The FBP network protocol runtime on Kestrel: WebSocket clients (sub-protocol <c>noflo</c>) at <c>/</c>, each
/// message checked (the secret) and routed to its sub-protocol. Listens on loopback unless a secret is set; serves TLS
/// with a certificate; refuses browser pages from other origins. A plain <c>GET /</c> gets the live page (<see cref="WebPage"/>).
/// Dispose to close every client and stop.
/// </summary>
public sealed class ReflowServer : IAsyncDisposable
{
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly RuntimeState _state;
    private readonly FbpDispatcher _dispatcher;
    private readonly int _maxMessageBytes;
    private readonly Action<string> _log;
    private readonly X509Certificate2? _certificate;
    private readonly WebPage _page = WebPage.Load();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<WebSocketFbpClient, Task> _connections = new();
    private int _connectionCount;
    private int _disposed;

    private ReflowServer(WebApplication app, RuntimeState state, ReflowServerOptions options, X509Certificate2? certificate)
    {
        _app = app;
        _state = state;
        _dispatcher = FbpDispatcher.Create(state);
        _maxMessageBytes = options.MaxMessageBytes;
        _log = options.Log ?? (_ => { });
        _certificate = certificate;
        Url = new Uri("ws://127.0.0.1/"); // set once listening
    }

    /// <summary>Where clients connect (ws:// or wss://, with the port actually bound).</summary>
    public Uri Url { get; private set; }

    /// <summary>Starts listening.</summary>
    /// <exception cref="ReflowServerException">
    /// The options do not allow a safe start (an address other than loopback without <see cref="ReflowServerOptions.Secret"/>),
    /// the certificate cannot be read, or the address and port cannot be bound; the message names the option.
    /// </exception>
    public static async Task<ReflowServer> StartAsync(ReflowServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        IPAddress address = ParseAddress(options.Address);
        Validate(options, address);
        X509Certificate2? certificate = ServerCertificate.Load(options);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(ReflowServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders(); // the server reports through ReflowServerOptions.Log, not the console
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, options.Port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        WebApplication app = builder.Build();
        var state = new RuntimeState(
            new RuntimeSettings
            {
                Secret = options.Secret, AllowComponentSource = options.AllowComponentSource, NetworkOptions = options.NetworkOptions,
                DataEventsPerEdgePerSecond = options.DataEventsPerEdgePerSecond,
                FileGraph = options is { Graph: { } file, GraphFile: { } path } ? (file, GraphLoadOptions.Default.ForGraphFile(path)) : null,
            },
            options.Components);
        if (options.Graph is { } graph)
        {
            string id = string.IsNullOrEmpty(graph.Name) ? "main" : graph.Name;
            state.Graphs[id] = graph;
            state.MainGraph = id;
        }

        var server = new ReflowServer(app, state, options, certificate);
        var policy = new OriginPolicy(IPAddress.IsLoopback(address), certificate is not null, options.AllowedOrigins);
        app.Use((context, next) => server.CheckOriginAsync(context, next, policy));
        // Pings every 30 s; a peer that answers none within 30 s more is gone (a cable pulled sends no FIN).
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30), KeepAliveTimeout = TimeSpan.FromSeconds(30) });
        Workflows.WorkflowEndpoints.Map(app, state, options, server._log); // the original's workflow API (/workflows, /ws)
        app.Run(server.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            certificate?.Dispose();
            if (ex is IOException)
            {
                // Kestrel reports a taken port or an address this machine does not have as an IOException.
                throw new ReflowServerException($"Cannot listen on {options.Address} port {options.Port} (Address and Port; reflow serve --address/--port): {ex.Message}", ex);
            }

            throw;
        }

        server.Url = ListeningUrl(app, address, certificate is not null);
        server._log($"listening on {server.Url}");
        return server;
    }

    /// <summary>Closes every client (status 1001, going away), stops the running networks and stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Clients first, politely: queued messages go out, then a close frame each; connections that do not answer in
        // time are dropped when _stopping is cancelled.
        foreach (WebSocketFbpClient client in _connections.Keys)
        {
            _ = client.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "the runtime is stopping");
        }

        try
        {
            await Task.WhenAll(_connections.Values).WaitAsync(StopPatience).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log("some clients did not close in time; dropping them");
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await StopNetworksAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificate?.Dispose();
        _stopping.Dispose();
    }

    private static IPAddress ParseAddress(string address) =>
        address.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(address.Trim('[', ']'), out IPAddress? parsed) ? parsed
        : throw new ReflowServerException($"Address (--address) \"{address}\" is not an IP address: give one such as 127.0.0.1 (this machine only), ::1, or 0.0.0.0 (every interface; needs a secret).");

    private static void Validate(ReflowServerOptions options, IPAddress address)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new ReflowServerException($"Port (--port) {options.Port} is not a TCP port: give 1 to 65535, or 0 for a free one.");
        }

        if (options.MaxMessageBytes < 1024)
        {
            throw new ReflowServerException($"MaxMessageBytes (--max-message-bytes) {options.MaxMessageBytes} is too small: protocol messages need at least 1024 bytes.");
        }

        Workflows.WorkflowEndpoints.Validate(options);
        if (options.DataEventsPerEdgePerSecond < 0)
        {
            throw new ReflowServerException($"DataEventsPerEdgePerSecond {options.DataEventsPerEdgePerSecond} is negative: give a number of data events per edge per second, or 0 for every packet.");
        }

        if (options.Secret is { Length: 0 })
        {
            throw new ReflowServerException("Secret (--secret) is empty: give a secret clients must send, or none on a loopback address.");
        }

        if (!IPAddress.IsLoopback(address) && options.Secret is null)
        {
            throw new ReflowServerException(
                $"Address (--address) {options.Address} is not loopback, and anyone who can reach it could edit and run graphs: " +
                "set a Secret (reflow serve --secret …) that every client must send, or listen on 127.0.0.1.");
        }
    }

    private static Uri ListeningUrl(WebApplication app, IPAddress address, bool tls)
    {
        // Kestrel reports the address it bound, with the real port when 0 was asked for.
        string bound = app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        int port = new Uri(bound.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)).Port;
        return new UriBuilder(tls ? "wss" : "ws", address.ToString(), port, "/").Uri;
    }

    private async Task CheckOriginAsync(HttpContext context, RequestDelegate next, OriginPolicy policy)
    {
        string? origin = context.Request.Headers.Origin is { Count: > 0 } values ? values.ToString() : null;
        if (policy.Refusal(context.Request.Host.Value ?? "", origin) is { } refusal)
        {
            _log($"refused a request from {context.Connection.RemoteIpAddress}: {refusal}");
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(refusal, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            // Anything but a WebSocket upgrade: the live page's files, or nothing.
            if (_page.Serves(context.Request.Path))
            {
                await _page.ServeAsync(context, _certificate is not null).ConfigureAwait(false);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }

            return;
        }

        if (context.Request.Path != "/")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (_stopping.IsCancellationRequested || Volatile.Read(ref _disposed) != 0)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        string? subProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains("noflo") ? "noflo" : null;
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subProtocol }).ConfigureAwait(false);
        string id = $"#{Interlocked.Increment(ref _connectionCount)} {context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        var client = new WebSocketFbpClient(socket, id, _log);
        var connection = new FbpConnection(socket, client, _dispatcher, _maxMessageBytes, _log);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connections[client] = run.Task;
        _state.AddClient(client);
        _log($"{id}: connected");
        try
        {
            await connection.RunAsync(stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            _state.RemoveClient(client);
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "").ConfigureAwait(false);
            client.Abort(); // the writer loop ends; the socket is done with either way
            _connections.TryRemove(client, out _);
            run.TrySetResult();
            _log($"{id}: disconnected");
        }
    }

    private async Task StopNetworksAsync()
    {
        // No handler may run while networks are disposed; a stuck one does not keep the server from stopping.
        bool gate = await _state.Gate.WaitAsync(StopPatience).ConfigureAwait(false);
        try
        {
            foreach (ILiveNetwork network in _state.Networks.Values)
            {
                try
                {
                    await network.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    _log($"stopping the network of graph {network.Graph} failed: {ex.Message}");
                }
            }

            _state.Networks.Clear();
        }
        finally
        {
            if (gate)
            {
                _state.Gate.Release();
            }
        }
    }
}
