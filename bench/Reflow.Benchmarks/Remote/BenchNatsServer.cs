using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// A real nats-server (Debian's <c>/usr/sbin/nats-server</c>, or one on PATH) that B13's Reflow rows start for
/// themselves: bound to 127.0.0.1 on a free port (never 4222: other runs may have theirs), JetStream with a data
/// directory under a fresh temporary folder when asked, killed and its folder removed on dispose. The same shape as
/// the distributed tests' <c>NatsServer</c>; the benchmark cannot reference a test project.
/// </summary>
internal sealed class BenchNatsServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private BenchNatsServer(Process process, string directory, int port)
    {
        (_process, _directory) = (process, directory);
        Url = $"nats://127.0.0.1:{port}";
    }

    /// <summary>The client URL.</summary>
    public string Url { get; }

    /// <summary>The nats-server executable, or null when there is none.</summary>
    public static string? FindExecutable()
    {
        string[] candidates = ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"];
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string path = Path.Combine(directory, "nats-server");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>Starts a server and returns once it accepts connections (at most 15 s, then it fails with the server's log).</summary>
    public static async Task<BenchNatsServer> StartAsync(bool jetStream)
    {
        string executable = FindExecutable() ?? throw new InvalidOperationException("B13: no nats-server found (apt-get install nats-server).");
        string directory = Path.Combine(Path.GetTempPath(), $"reflow-b13-nats-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        int port = FreePort();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(argument);
        }

        if (jetStream)
        {
            info.ArgumentList.Add("-js");
            info.ArgumentList.Add("-sd");
            info.ArgumentList.Add(directory);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException($"B13: could not start {executable}.");
        var server = new BenchNatsServer(process, directory, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(port, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        _process.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilReadyAsync(int port, TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"B13: nats-server on port {port} did not come up within {timeout.TotalSeconds:F0} s. Its log:\n{Log()}");
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            if (line is not null && _log.Length < 64 * 1024)
            {
                _log.AppendLine(line);
            }
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }
}
