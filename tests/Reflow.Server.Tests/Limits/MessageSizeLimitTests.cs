using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Reflow.Server.Hosting;
using Reflow.Server.Protocol;

namespace Reflow.Server.Tests.Limits;

/// <summary>
/// The size of a WebSocket message (ReflowServerOptions.MaxMessageBytes, reflow serve --max-message-bytes) for the
/// protocol's connections and the workflow API's /ws, and the nesting of a protocol message.
/// </summary>
public sealed class MessageSizeLimitTests
{
    private const int Limit = 4096;

    [Theory]
    [InlineData(Limit, true)]
    [InlineData(Limit + 1, false)]
    [InlineData(Limit * 10, false)]
    public async Task A_message_of_the_limit_is_read_whole_and_a_larger_one_is_stopped_one_byte_past_it(int size, bool whole)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        (WebSocket client, WebSocket server, IDisposable sockets) = await ConnectedPairAsync();
        using (sockets)
        {
            byte[] message = new byte[size];
            Array.Fill(message, (byte)'x');
            Task send = client.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);

            var buffer = new ArrayBufferWriter<byte>();
            (bool read, WebSocketMessageType type) = await WebSocketMessages.ReceiveAsync(server, buffer, Limit, timeout.Token);

            Assert.Equal((whole, WebSocketMessageType.Text), (read, type));
            Assert.Equal(whole ? size : Limit + 1, buffer.WrittenCount); // never more than one byte past the limit is taken in
            if (whole)
            {
                await send;
            }
        }
    }

    [Fact]
    public void A_protocol_message_nested_64_deep_is_read_and_65_is_an_FbpProtocolException()
    {
        // The envelope and the payload are two levels: 62 more arrays make 64.
        string Message(int arrays) => "{\"protocol\":\"graph\",\"command\":\"x\",\"payload\":{\"v\":" + new string('[', arrays) + new string(']', arrays) + "}}";
        Assert.Equal("graph", FbpMessage.Parse(Encoding.UTF8.GetBytes(Message(62))).Protocol);
        FbpProtocolException error = Assert.Throws<FbpProtocolException>(() => FbpMessage.Parse(Encoding.UTF8.GetBytes(Message(63))));
        Assert.Contains("64", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Two WebSockets over a loopback TCP connection (no HTTP handshake: the framing is what is under test).</summary>
    private static async Task<(WebSocket Client, WebSocket Server, IDisposable Sockets)> ConnectedPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        TcpClient accepted = await listener.AcceptTcpClientAsync();
        WebSocket clientSocket = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false });
        WebSocket serverSocket = WebSocket.CreateFromStream(accepted.GetStream(), new WebSocketCreationOptions { IsServer = true });
        return (clientSocket, serverSocket, new Both(client, accepted, clientSocket, serverSocket));
    }

    private sealed class Both(params IDisposable[] parts) : IDisposable
    {
        public void Dispose()
        {
            foreach (IDisposable part in parts)
            {
                part.Dispose();
            }
        }
    }
}
