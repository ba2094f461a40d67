using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NATS.Client.Core;

namespace Reflow.Distributed.Tests.Nats;

/// <summary>
/// A real nats-server process (Debian's <c>/usr/sbin/nats-server</c>) on a free loopback port, with JetStream storing
/// under a temporary folder; or one server of a cluster made by <see cref="StartClusterAsync"/>. Killed and its folder
/// removed on dispose.
/// </summary>
/// <remarks>
/// Ports are found by binding port 0 and releasing it; another process may take one in between, so a server that does
/// not come up is started again on new ports (three tries) before the fixture gives up with the server's own output.
/// </remarks>
public sealed class NatsServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;

    private NatsServer(string name, string directory, int port, int routePort)
    {
        Name = name;
        _directory = directory;
        Port = port;
        RoutePort = routePort;
    }

    /// <summary>The server's name (<c>server_name</c>).</summary>
    public string Name { get; }

    /// <summary>The client port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The cluster route port, or 0 for a server outside a cluster.</summary>
    public int RoutePort { get; }

    /// <summary>The client URL, <c>nats://127.0.0.1:port</c>.</summary>
    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>The client URL asking for TLS, <c>tls://127.0.0.1:port</c> (for a server with a <c>tls { … }</c> block).</summary>
    public string TlsUrl => $"tls://127.0.0.1:{Port}";

    /// <summary>Whether the process is still running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the server logged so far (for a failing test's message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The path of nats-server: on PATH, else Debian's place.</summary>
    public static string Executable { get; } = FindExecutable();

    /// <summary>Starts one server with JetStream (or without it), plus any extra configuration lines.</summary>
    public static async Task<NatsServer> StartAsync(bool jetStream = true, string? extraConfiguration = null)
    {
        for (int attempt = 1; ; attempt++)
        {
            var server = new NatsServer("s1", NewDirectory(), FreePort(), 0);
            try
            {
                await server.RunAsync(server.Configuration(jetStream, clusterName: null, routes: [], extraConfiguration)).ConfigureAwait(false);
                return server;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Starts a cluster of <paramref name="size"/> servers routed to each other, with clustered JetStream when asked, and
    /// returns when every server is ready and (with JetStream) the cluster answers JetStream requests.
    /// </summary>
    public static async Task<NatsCluster> StartClusterAsync(int size, bool jetStream = true, string? extraConfiguration = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        for (int attempt = 1; ; attempt++)
        {
            string root = NewDirectory();
            var servers = new NatsServer[size];
            int[] ports = FreePorts(2 * size); // all distinct: a client port never doubles as another server's route port
            for (int i = 0; i < size; i++)
            {
                servers[i] = new NatsServer("s" + (i + 1), Path.Combine(root, "s" + (i + 1)), ports[2 * i], ports[(2 * i) + 1]);
            }

            var cluster = new NatsCluster(servers, root);
            try
            {
                await Task.WhenAll(servers.Select(s => s.RunAsync(s.Configuration(
                    jetStream, "reflow-test", [.. servers.Where(o => o != s).Select(o => o.RoutePort)], extraConfiguration)))).ConfigureAwait(false);
                if (jetStream)
                {
                    await cluster.WaitForJetStreamAsync(ReadyTimeout).ConfigureAwait(false);
                }

                return cluster;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as a crashed machine would vanish.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    /// <summary>A connection options object for this server, with the loss-free subscription mode.</summary>
    public NatsOpts Options(string name = "test") => new()
    {
        Url = Url,
        Name = name,
        SubPendingChannelFullMode = System.Threading.Channels.BoundedChannelFullMode.Wait,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        _process = null;
        await Task.Yield();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A folder another test process still has open is left for the temp cleaner.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal string Configuration(bool jetStream, string? clusterName, IReadOnlyList<int> routes, string? extra)
    {
        var text = new StringBuilder();
        text.AppendLine($"listen: 127.0.0.1:{Port}");
        text.AppendLine($"server_name: {Name}");
        if (jetStream)
        {
            text.AppendLine($"jetstream {{ store_dir: \"{Path.Combine(_directory, "jetstream")}\" }}");
        }

        if (clusterName is not null)
        {
            text.AppendLine($"cluster {{ name: {clusterName}, listen: 127.0.0.1:{RoutePort}, routes: [{string.Join(", ", routes.Select(r => $"nats-route://127.0.0.1:{r}"))}] }}");
        }

        if (extra is not null)
        {
            text.AppendLine(extra);
        }

        return text.ToString();
    }

    private async Task RunAsync(string configuration)
    {
        Directory.CreateDirectory(_directory);
        string file = Path.Combine(_directory, "nats.conf");
        await File.WriteAllTextAsync(file, configuration).ConfigureAwait(false);
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(file);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.Exited += (_, _) => _ready.TrySetException(new TimeoutException($"nats-server {Name} exited before it was ready:\n{Output}"));
        process.Start();
        _process = process;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        Task finished = await Task.WhenAny(_ready.Task, Task.Delay(ReadyTimeout)).ConfigureAwait(false);
        if (finished != _ready.Task)
        {
            throw new TimeoutException($"nats-server {Name} was not ready within {ReadyTimeout.TotalSeconds} s:\n{Output}");
        }

        await _ready.Task.ConfigureAwait(false);

        // "Server is ready" is printed once the client port listens, but a server that lost a port to another process
        // between FreePort and its start (or hit a fatal error just after) may be gone again: make sure it takes a
        // connection, and otherwise fail as not ready, so the caller starts again on other ports.
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(ReadyTimeout).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new TimeoutException($"nats-server {Name} said it was ready but refuses connections on port {Port} ({ex.SocketErrorCode}):\n{Output}", ex);
        }
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Server is ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private static int FreePort() => FreePorts(1)[0];

    // Held open until all are taken, so the system cannot hand out one port twice.
    private static int[] FreePorts(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (TcpListener? listener in listeners)
            {
                listener?.Stop();
            }
        }
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "reflow-nats-" + Guid.NewGuid().ToString("N")[..12]);

    private static string FindExecutable()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, "nats-server");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return File.Exists("/usr/sbin/nats-server")
            ? "/usr/sbin/nats-server"
            : throw new InvalidOperationException("nats-server was not found on PATH or at /usr/sbin/nats-server; tests/Reflow.Distributed.Tests/nats-deps.sh installs it (run the build as root) or: sudo apt-get install nats-server");
    }
}
