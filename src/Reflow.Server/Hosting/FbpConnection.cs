using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;

namespace Reflow.Server.Hosting;

/// <summary>
/// The receive side of one WebSocket connection: reads whole messages (at most the size limit), parses each and hands
/// it to the dispatcher, one at a time and in order. Nothing a client sends stops the server: an unreadable message is
/// answered with <c>error</c>, an oversized one with <c>error</c> and a close (1009, message too big) of that
/// connection only.
/// </summary>
internal sealed class FbpConnection(WebSocket socket, WebSocketFbpClient client, FbpDispatcher dispatcher, int maxMessageBytes, Action<string> log)
{
    /// <summary>How long a closing connection may take to answer the close frame before it is dropped.</summary>
    private static readonly TimeSpan ClosePatience = TimeSpan.FromSeconds(5);

    /// <summary>Larger buffers are let go after their message, so one big message does not hold memory for the connection's life.</summary>
    private const int KeptBufferBytes = 64 * 1024;

    /// <summary>Runs until the peer closes, the connection fails or <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        CancellationTokenSource? drain = null;
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                CancellationToken token = drain is null ? stopping : drain.Token;
                (bool whole, WebSocketMessageType type) = await WebSocketMessages.ReceiveAsync(socket, buffer, maxMessageBytes, token).ConfigureAwait(false);
                if (type == WebSocketMessageType.Close)
                {
                    await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "closed by the client").ConfigureAwait(false);
                    break;
                }

                if (client.IsClosing)
                {
                    // Closing: what still arrives before the peer's close frame (the rest of an oversized message) is dropped.
                    if (drain is null)
                    {
                        drain = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                        drain.CancelAfter(ClosePatience);
                    }

                    buffer.ResetWrittenCount();
                    continue;
                }

                if (!whole)
                {
                    log($"{client.Id}: a message over {maxMessageBytes} bytes; closing the connection");
                    await client.SendAsync("runtime", "error", new JsonObject
                    {
                        ["message"] = $"The message is larger than this runtime takes ({maxMessageBytes} bytes; reflow serve --max-message-bytes): the connection is closed.",
                    }, null, stopping).ConfigureAwait(false);
                    _ = client.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"message over {maxMessageBytes} bytes");
                    drain = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    drain.CancelAfter(ClosePatience);
                    buffer.ResetWrittenCount();
                    continue;
                }

                await HandleAsync(buffer.WrittenMemory, type, stopping).ConfigureAwait(false);
                buffer = buffer.Capacity > KeptBufferBytes ? new ArrayBufferWriter<byte>(4096) : buffer;
                buffer.ResetWrittenCount();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            log($"{client.Id}: connection ended: {ex.Message}");
        }
        finally
        {
            drain?.Dispose();
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> utf8, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        if (type != WebSocketMessageType.Text)
        {
            await FbpDispatcher.UnreadableAsync(client, new FbpProtocolException("A binary WebSocket message is not a protocol message: send each message as JSON text."), cancellationToken).ConfigureAwait(false);
            return;
        }

        FbpMessage message;
        try
        {
            message = FbpMessage.Parse(utf8.Span);
        }
        catch (FbpProtocolException ex)
        {
            await FbpDispatcher.UnreadableAsync(client, ex, cancellationToken).ConfigureAwait(false);
            return;
        }

        await DispatchAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task DispatchAsync(FbpMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await dispatcher.DispatchAsync(message, client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault in a handler, not in the message: the client hears of it and the connection goes on.
            log($"{client.Id}: {message.Protocol}:{message.Command} failed: {ex}");
            await client.SendAsync(message.Protocol, "error", new JsonObject
            {
                ["message"] = $"{message.Protocol}:{message.Command} failed inside the runtime: {ex.Message}",
            }, message.RequestId, cancellationToken).ConfigureAwait(false);
        }
    }
}
