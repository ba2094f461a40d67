using Reflow.Networks;

namespace Reflow.Hosting;

/// <summary>
/// A graph the host runs (<see cref="ReflowBuilder.AddGraph"/>): its network once started, its state and, once over,
/// its result. Get it from <see cref="ReflowNetworks"/> to feed its exported in-ports
/// (<c>(await hosted.WhenStarted).Input("lines")</c>) or to watch it.
/// </summary>
public sealed class HostedNetwork
{
    private readonly TaskCompletionSource<Network> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Network? _network;
    private volatile NetworkRunResult? _result;
    private volatile Exception? _failure;
    private volatile int _state;

    internal HostedNetwork(HostedGraphOptions options) => Options = options;

    /// <summary>The network's name.</summary>
    public string Name => Options.Name;

    /// <summary>The graph file it was loaded from.</summary>
    public string GraphPath => Options.Path;

    /// <summary>Where it is in its life.</summary>
    public HostedNetworkState State => (HostedNetworkState)_state;

    /// <summary>The running network, or null before the host has started it.</summary>
    public Network? Network => _network;

    /// <summary>Completes with the network once it runs; faults with the reason if it cannot start.</summary>
    public Task<Network> WhenStarted => _started.Task;

    /// <summary>The run's statistics, once it is over (null before, or when it failed without any: <see cref="Failure"/>).</summary>
    public NetworkRunResult? Result => _result;

    /// <summary>Why it could not start, or why its run failed (a deadlock); null otherwise.</summary>
    public Exception? Failure => _failure;

    internal HostedGraphOptions Options { get; }

    /// <summary>The edges' backpressure, sampled while it runs.</summary>
    internal BackpressureWatch? Backpressure { get; set; }

    internal void MarkStarted(Network network)
    {
        _network = network;
        _state = (int)HostedNetworkState.Running;
        _started.TrySetResult(network);
    }

    internal void MarkDraining()
    {
        if (_state == (int)HostedNetworkState.Running)
        {
            _state = (int)HostedNetworkState.Draining;
        }
    }

    internal void MarkFinished(NetworkRunResult result)
    {
        _result = result;
        _state = (int)HostedNetworkState.Finished;
    }

    internal void MarkFailed(Exception failure)
    {
        _failure = failure;
        _state = (int)HostedNetworkState.Failed;
        _started.TrySetException(failure);
    }
}
