using Reflow.Messages;

namespace Reflow.Hosting;

/// <summary>How one graph file runs as a hosted service (<see cref="ReflowBuilder.AddGraph"/>).</summary>
public sealed class HostedGraphOptions
{
    private readonly Dictionary<string, Func<Message, CancellationToken, ValueTask>> _outputs = new(StringComparer.Ordinal);

    internal HostedGraphOptions(string name, string path)
    {
        Name = name;
        Path = path;
    }

    /// <summary>The network's name: in logs (<c>{Network}</c>), metrics, health data and <see cref="ReflowNetworks"/>.</summary>
    public string Name { get; }

    /// <summary>The graph file (any format <c>reflow run</c> reads), relative to the current directory when not rooted.</summary>
    public string Path { get; }

    /// <summary>
    /// True (the default): the network runs until the host stops, even with nothing to do (a service fed through
    /// its exported in-ports or its own sources). False: it runs until its work is done (all sources finished, every
    /// exported in-port completed), like <c>reflow run</c>.
    /// </summary>
    public bool RunUntilStopped { get; set; } = true;

    /// <summary>
    /// Whether a run that ends with unhandled failures (or a deadlock) stops the application. Default true. Either
    /// way the failure is logged as an error and the process's exit code is set to 1.
    /// </summary>
    public bool StopApplicationOnFailure { get; set; } = true;

    /// <summary>Whether the application stops once this network's run has finished cleanly (for <see cref="RunUntilStopped"/> false). Default false.</summary>
    public bool StopApplicationWhenFinished { get; set; }

    /// <summary>The readers of exported out-ports.</summary>
    internal IReadOnlyDictionary<string, Func<Message, CancellationToken, ValueTask>> Outputs => _outputs;

    /// <summary>
    /// Hands every message of the exported out-port <paramref name="port"/> to <paramref name="handler"/>, one at a
    /// time and in order, until the run is over (a drain included). The edge's backpressure holds: the next message
    /// is read when the handler's task completes. Every exported out-port needs a reader; a graph with one that has
    /// none is refused at start, since its edge would fill and stall the network.
    /// </summary>
    /// <exception cref="ArgumentException">The port already has a reader.</exception>
    public HostedGraphOptions ReadOutput(string port, Func<Message, CancellationToken, ValueTask> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(port);
        ArgumentNullException.ThrowIfNull(handler);
        if (!_outputs.TryAdd(port, handler))
        {
            throw new ArgumentException($"The exported out-port '{port}' of network '{Name}' already has a reader.", nameof(port));
        }

        return this;
    }

    /// <summary>Hands every message of the exported out-port <paramref name="port"/> to <paramref name="handler"/> (see the asynchronous overload).</summary>
    public HostedGraphOptions ReadOutput(string port, Action<Message> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return ReadOutput(port, (message, _) =>
        {
            handler(message);
            return ValueTask.CompletedTask;
        });
    }
}
