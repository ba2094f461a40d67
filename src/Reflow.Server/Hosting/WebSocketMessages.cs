using System.Buffers;
using System.Net.WebSockets;

namespace Reflow.Server.Hosting;

/// <summary>Reading whole WebSocket messages under a size limit: the FBP protocol's connections and the workflow API's <c>/ws</c>.</summary>
internal static class WebSocketMessages
{
    /// <summary>
    /// Reads one message into <paramref name="buffer"/>; <c>Whole</c> is false when it passed
    /// <paramref name="maxMessageBytes"/> (the rest of it is left unread: the caller closes the connection).
    /// </summary>
    public static async Task<(bool Whole, WebSocketMessageType Type)> ReceiveAsync(
        WebSocket socket, ArrayBufferWriter<byte> buffer, int maxMessageBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            // One byte past the limit is enough to know it was passed.
            int room = maxMessageBytes + 1 - buffer.WrittenCount;
            Memory<byte> memory = buffer.GetMemory(Math.Min(room, 16 * 1024));
            memory = memory[..Math.Min(memory.Length, room)];
            ValueWebSocketReceiveResult result = await socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (true, WebSocketMessageType.Close);
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > maxMessageBytes)
            {
                return (false, result.MessageType);
            }

            if (result.EndOfMessage)
            {
                return (true, result.MessageType);
            }
        }
    }
}
