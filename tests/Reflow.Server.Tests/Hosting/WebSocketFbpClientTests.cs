using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Reflow.Server.Hosting;

namespace Reflow.Server.Tests.Hosting;

public sealed class WebSocketFbpClientTests
{
    [Fact]
    public async Task A_peer_that_stops_reading_is_dropped_instead_of_stalling_senders()
    {
        using var stream = new StalledStream();
        using WebSocket socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });
        var log = new ConcurrentQueue<string>();
        var client = new WebSocketFbpClient(socket, "#1 stalled", log.Enqueue, sendPatience: TimeSpan.FromMilliseconds(200));
        var payload = new JsonObject { ["message"] = "x" };

        // Far more than the queue holds: without the patience the sends past it would wait for ever.
        Task sending = Task.Run(async () =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                await client.SendAsync("runtime", "error", payload, null, CancellationToken.None);
            }
        });

        await sending.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains(log, line => line.Contains("#1 stalled: took no message", StringComparison.Ordinal));
        Assert.Equal(WebSocketState.Aborted, socket.State);
    }

    [Fact]
    public async Task A_caller_that_gives_up_waiting_does_not_drop_the_client()
    {
        using var stream = new StalledStream();
        using WebSocket socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });
        var log = new ConcurrentQueue<string>();
        var client = new WebSocketFbpClient(socket, "#2", log.Enqueue, sendPatience: TimeSpan.FromMinutes(5));
        using var cancel = new CancellationTokenSource();
        var payload = new JsonObject();
        for (int i = 0; i < 4097; i++)
        {
            await client.SendAsync("runtime", "error", payload, null, CancellationToken.None); // fills the queue (one more is on the wire)
        }

        ValueTask blocked = client.SendAsync("runtime", "error", payload, null, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await blocked);
        Assert.DoesNotContain(log, line => line.Contains("dropping", StringComparison.Ordinal));
        Assert.Equal(WebSocketState.Open, socket.State);
        client.Abort();
    }

    /// <summary>A connection whose peer reads nothing: writes never complete, reads wait for ever.</summary>
    private sealed class StalledStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            await Task.Delay(Timeout.Infinite, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
