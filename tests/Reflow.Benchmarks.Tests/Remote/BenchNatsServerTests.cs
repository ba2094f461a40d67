using System.Net.Sockets;
using Reflow.Benchmarks.Remote;

namespace Reflow.Benchmarks.Tests.Remote;

/// <summary>The nats-server B13's Reflow rows start for themselves: up on a free loopback port, gone after dispose.</summary>
public sealed class BenchNatsServerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StartsOnAFreeLoopbackPortAndStopsOnDispose(bool jetStream)
    {
        // The test build installs nats-server when it is missing (NatsDeps.targets), so it is never skipped here.
        Assert.NotNull(BenchNatsServer.FindExecutable());
        var uri = new Uri((await StartAndStop(jetStream)).Url);
        Assert.Equal("127.0.0.1", uri.Host);
        Assert.NotEqual(4222, uri.Port);
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(uri.Host, uri.Port).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task<BenchNatsServer> StartAndStop(bool jetStream)
    {
        BenchNatsServer server = await BenchNatsServer.StartAsync(jetStream).WaitAsync(TimeSpan.FromSeconds(30));
        await using (server)
        {
            var uri = new Uri(server.Url);
            using var client = new TcpClient();
            await client.ConnectAsync(uri.Host, uri.Port).WaitAsync(TimeSpan.FromSeconds(10));
            var greeting = new byte[4];
            await client.GetStream().ReadExactlyAsync(greeting).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("INFO"u8.ToArray(), greeting);
        }

        return server;
    }
}
