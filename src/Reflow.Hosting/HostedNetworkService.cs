using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reflow.Configuration;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Hosting;

/// <summary>
/// Runs one graph for the host: loads it when the host starts, runs it, and on shutdown drains it (inputs
/// completed, the messages in flight handled) within the host's shutdown timeout, then stops it.
/// </summary>
/// <remarks>
/// <para>Exit code: a run that ends with unhandled failures (<see cref="NetworkRunResult.HasUnhandledFailures"/>), a
/// deadlock, a drain cut short by the shutdown timeout, or a reader of an exported out-port that threw sets
/// <see cref="Environment.ExitCode"/> to 1 and is logged as an error; the first two also stop the application
/// (<see cref="HostedGraphOptions.StopApplicationOnFailure"/>). A clean run leaves the exit code alone.</para>
/// <para>Past the shutdown timeout the network is stopped without draining: the messages still queued and the one
/// each actor was handling go to the dead letters (counted in the log line and the result).</para>
/// </remarks>
internal sealed class HostedNetworkService(HostedNetwork hosted, IServiceProvider services) : IHostedService
{
    private readonly ILogger _logger = services.GetService<ILoggerFactory>()?.CreateLogger(NetworkLog.Category) ?? NullLogger.Instance;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _readers = [];
    private Network? _network;
    private Task _watch = Task.CompletedTask;
    private Task _sampler = Task.CompletedTask;
    private Task _events = Task.CompletedTask;
    private Task? _run;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string name = hosted.Name;
        HostedGraphOptions graph = hosted.Options;
        string path = Path.GetFullPath(graph.Path);
        try
        {
            ReflowOptions options = services.GetRequiredService<ReflowOptions>(); // a bad configuration throws here, naming its key
            ComponentRegistry registry = services.GetRequiredService<ComponentRegistry>();
            NetworkDefinition definition = GraphNetworkLoader.LoadFile(path, registry, options.ToGraphLoadOptions());
            EnsureEveryOutputIsRead(definition, graph);
            Network network = options.CreateNetwork(definition, name);
            _network = network;
            _events = NetworkEventLogger.RunAsync(network.SubscribeEvents(), _logger, name);
            foreach ((string port, Func<Message, CancellationToken, ValueTask> handler) in graph.Outputs)
            {
                _readers.Add(ReadOutputAsync(network, port, handler));
            }

            if (graph.RunUntilStopped)
            {
                await network.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _run = network.RunAsync(CancellationToken.None);
            }

            ReflowHostingOptions hosting = services.GetRequiredService<ReflowHostingOptions>();
            var watch = new BackpressureWatch(definition, options.ActorSystem.HostBufferSize, hosting, services.GetService<TimeProvider>() ?? TimeProvider.System);
            hosted.Backpressure = watch;
            hosted.MarkStarted(network);
            NetworkLog.Started(_logger, name, path, definition.Nodes.Length, definition.Edges.Length);
            _sampler = SampleAsync(network, watch, hosting);
            _watch = WatchAsync(network);
        }
        catch (Exception ex)
        {
            NetworkLog.StartFailed(_logger, ex, name, path);
            hosted.MarkFailed(ex);
            if (_network is { } network)
            {
                await network.DisposeAsync().ConfigureAwait(false);
                _network = null;
            }

            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_network is not { } network)
        {
            return;
        }

        hosted.MarkDraining();
        bool running = !network.Completion.IsCompleted;
        if (running)
        {
            NetworkLog.Draining(_logger, hosted.Name);
        }

        NetworkRunResult? result = null;
        try
        {
            // The token is the host's shutdown timeout: cancelled, the network stops without draining.
            result = await network.StopAsync(drain: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The run failed without statistics (a deadlock): the watch logs it and sets the exit code.
        }

        await _watch.ConfigureAwait(false);
        if (result is { Completed: false })
        {
            NetworkLog.DrainTimedOut(_logger, hosted.Name, result.DeadLetters);
            Environment.ExitCode = 1;
        }
        else if (result is not null && running)
        {
            NetworkLog.Drained(_logger, hosted.Name);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll([_sampler, _events, .. _readers]).ConfigureAwait(false);
        if (_run is not null)
        {
            await _run.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false); // its outcome is the watch's
        }

        await network.DisposeAsync().ConfigureAwait(false);
        _network = null; // a second stop has nothing left to do
        _stopping.Dispose();
    }

    /// <summary>Waits for the run's end, logs its summary, and sets the exit code when it failed.</summary>
    private async Task WatchAsync(Network network)
    {
        HostedGraphOptions graph = hosted.Options;
        bool failed;
        try
        {
            NetworkRunResult result = await network.Completion.ConfigureAwait(false);
            hosted.MarkFinished(result);
            NetworkLog.Finished(_logger, hosted.Name, result.Messages, result.Edges.Count, result.Elapsed.TotalMilliseconds, result.FailureCount, result.UncaughtFailures, result.DeadLetters);
            failed = result.HasUnhandledFailures;
            if (failed)
            {
                NetworkLog.RunFailed(_logger, hosted.Name, result.UncaughtFailures, result.DeadLettersFromFailures);
                foreach (Actors.ActorFailure failure in result.Failures.Take(10))
                {
                    NetworkLog.Failure(_logger, hosted.Name, failure.NodeId, failure.ToString());
                }
            }
        }
        catch (Exception ex)
        {
            hosted.MarkFailed(ex);
            NetworkLog.RunFaulted(_logger, ex, hosted.Name);
            failed = true;
        }

        if (failed)
        {
            Environment.ExitCode = 1;
        }

        if ((failed && graph.StopApplicationOnFailure) || (!failed && graph.StopApplicationWhenFinished))
        {
            services.GetService<IHostApplicationLifetime>()?.StopApplication();
        }
    }

    private async Task ReadOutputAsync(Network network, string port, Func<Message, CancellationToken, ValueTask> handler)
    {
        // Reads until the run is over, a drain included: the edge keeps its backpressure, one message at a time.
        await foreach (Message message in network.Output(port).ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await handler(message, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A reader that throws loses that message only; the edge keeps flowing so the network is not stalled.
                NetworkLog.OutputReaderFailed(_logger, ex, hosted.Name, port, message.ToString());
                Environment.ExitCode = 1;
            }
        }
    }

    private async Task SampleAsync(Network network, BackpressureWatch watch, ReflowHostingOptions hosting)
    {
        await Task.Yield();
        bool warned = false;
        using var timer = new PeriodicTimer(hosting.BackpressureSampleInterval, services.GetService<TimeProvider>() ?? TimeProvider.System);
        try
        {
            while (!network.Completion.IsCompleted && await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                NetworkSnapshot snapshot = network.GetSnapshot();
                watch.Sample(snapshot);
                TimeSpan? full = watch.FullFor;
                if (full >= hosting.SustainedBackpressure && !warned && watch.Fullest(snapshot) is { } edge)
                {
                    NetworkLog.Backpressure(_logger, hosted.Name, edge.Id, edge.Queued, edge.Capacity, full.Value.TotalSeconds);
                }

                warned = full >= hosting.SustainedBackpressure; // once per streak
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // stopping: sampling ends with the network
        }
    }

    private static void EnsureEveryOutputIsRead(NetworkDefinition definition, HostedGraphOptions graph)
    {
        string[] exported = [.. definition.OutPorts.Select(p => p.Name)];
        string[] unread = [.. exported.Where(p => !graph.Outputs.ContainsKey(p))];
        string[] unknown = [.. graph.Outputs.Keys.Where(p => !exported.Contains(p, StringComparer.Ordinal))];
        if (unread.Length > 0 || unknown.Length > 0)
        {
            throw new InvalidOperationException(
                $"Graph '{graph.Name}' ({graph.Path}): " +
                (unread.Length > 0 ? $"exported out-port(s) {string.Join(", ", unread)} have no reader (add .ReadOutput(\"{unread[0]}\", …) to AddGraph: an unread edge fills and stalls the network)" : "") +
                (unread.Length > 0 && unknown.Length > 0 ? "; " : "") +
                (unknown.Length > 0 ? $"ReadOutput names {string.Join(", ", unknown)}, which the graph does not export (it exports: {(exported.Length == 0 ? "none" : string.Join(", ", exported))})" : "") + ".");
        }
    }
}
