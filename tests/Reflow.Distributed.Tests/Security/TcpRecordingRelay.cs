using System.Net;
using System.Net.Sockets;

namespace Reflow.Distributed.Tests.Security;

/// <summary>
/// A TCP relay on a free loopback port that forwards every connection to a server and keeps a copy of every byte in
/// both directions: what anyone on the path between the clients and the server would see.
/// </summary>
internal sealed class TcpRecordingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly MemoryStream _recorded = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    public TcpRecordingRelay(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections were relayed.</summary>
    public int Connections { get; private set; }

    /// <summary>Every byte relayed so far, both directions, in arrival order per direction.</summary>
    public byte[] Recorded()
    {
        lock (_recorded)
        {
            return _recorded.ToArray();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                lock (_clients)
                {
                    _clients.Add(client);
                    _clients.Add(server);
                    Connections++;
                    _pumps.Add(PumpAsync(client.GetStream(), server.GetStream()));
                    _pumps.Add(PumpAsync(server.GetStream(), client.GetStream()));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        byte[] buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                lock (_recorded)
                {
                    _recorded.Write(buffer, 0, read);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }

            to.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // One side closed or the relay stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (TcpClient client in _clients)
            {
                client.Dispose();
            }
        }

        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] pumps;
        lock (_clients)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
