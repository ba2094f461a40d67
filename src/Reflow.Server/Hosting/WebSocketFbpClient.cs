using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Reflow.Server.Protocol;

namespace Reflow.Server.Hosting;

/// <summary>
/// One WebSocket connection as a protocol client. Design: every message goes through one bounded queue read by one
/// writer loop, the only code that sends on the socket until <see cref="CloseAsync"/> (which waits for that loop before
/// it sends the close frame): a WebSocket takes one send at a time, and clients must see messages in queued order.
/// A full queue makes senders wait (a slow client slows what broadcasts to it rather than losing messages), but not
/// for ever: a client that has not taken a message in <see cref="SlowClientPatience"/> is dropped, so a peer that stops
/// reading cannot stall the runtime for everyone (handlers send while holding the runtime's gate). A gone client
/// drops what it is sent.
/// </summary>
internal sealed class WebSocketFbpClient : IFbpClient
{
    /// <summary>Messages queued for one client before a sender waits: enough for a component list or a burst of events.</summary>
    private const int QueueCapacity = 4096;

    /// <summary>How long a sender waits for room in this client's full queue before the client is dropped.</summary>
    public static readonly TimeSpan SlowClientPatience = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ClosePatience = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _sendPatience;

    private readonly WebSocket _socket;
    private readonly Action<string> _log;
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource _abort = new();
    private readonly Task _writer;
    private readonly Lock _closeLock = new();
    private Task? _closing;

    public WebSocketFbpClient(WebSocket socket, string id, Action<string> log, TimeSpan? sendPatience = null)
    {
        _socket = socket;
        _sendPatience = sendPatience ?? SlowClientPatience;
        _log = log;
        Id = id;
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Id { get; }

    /// <summary>Whether <see cref="CloseAsync"/> has begun: nothing more is sent.</summary>
    public bool IsClosing => Volatile.Read(ref _closing) is not null; // set once, under _closeLock

    public ValueTask SendAsync(string protocol, string command, JsonNode? payload, string? responseTo, CancellationToken cancellationToken)
    {
        string text = FbpMessage.Serialize(protocol, command, payload, responseTo); // now: the caller may reuse the node
        if (command == "error")
        {
            // Refusals are rare and are what an operator (or a failing conformance run) needs to see.
            _log($"{Id}: answered {protocol}:error {payload?["message"]?.ToJsonString() ?? "(no message)"}");
        }

        return _queue.Writer.TryWrite(text) ? ValueTask.CompletedTask : SendWhenRoomAsync(text, cancellationToken);
    }

    /// <summary>
    /// Sends what is queued, then the close frame with <paramref name="status"/>; once only (later calls wait for the
    /// first). The peer's answering close frame is read by the connection's receive loop.
    /// </summary>
    public Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        lock (_closeLock)
        {
            return _closing ??= CloseCoreAsync(status, description);
        }
    }

    /// <summary>Stops sending at once (the connection is gone or the server is stopping past its patience).</summary>
    public void Abort()
    {
        _queue.Writer.TryComplete();
        _abort.Cancel();
        _socket.Abort();
    }

    private async ValueTask SendWhenRoomAsync(string text, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(_sendPatience);
        try
        {
            await _queue.Writer.WriteAsync(text, patience.Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The client is closing or gone: a closed client hears nothing more.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _log($"{Id}: took no message for {_sendPatience.TotalSeconds:0.#} s with {QueueCapacity} waiting; dropping the connection");
            Abort();
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (string text in _queue.Reader.ReadAllAsync(_abort.Token).ConfigureAwait(false))
            {
                byte[] utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
                try
                {
                    int length = Encoding.UTF8.GetBytes(text, utf8);
                    await _socket.SendAsync(utf8.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(utf8);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _log($"{Id}: sending stopped: {ex.Message}");
        }
        finally
        {
            // Senders waiting for room must not wait for a writer that is gone.
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out _))
            {
            }
        }
    }

    private async Task CloseCoreAsync(WebSocketCloseStatus status, string description)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(ClosePatience).ConfigureAwait(false);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var patience = new CancellationTokenSource(ClosePatience);
                await _socket.CloseOutputAsync(status, description, patience.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or TimeoutException)
        {
            _log($"{Id}: closing failed ({ex.Message}); dropping the connection");
            Abort();
        }
    }
}
