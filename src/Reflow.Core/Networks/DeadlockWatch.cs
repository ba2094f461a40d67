using Reflow.Scheduling;

namespace Reflow.Networks;

/// <summary>
/// The network's safety net against the classic FBP deadlock: on a timer (real time, not the options' clock: a
/// test's fake clock must not stop it) it asks <see cref="DeadlockDetector"/> for a cycle of waiting actors, and
/// reports one seen twice with no envelope handled anywhere in between as a <see cref="NetworkDeadlockException"/>
/// that names the nodes and what each waits on.
/// </summary>
/// <remarks>Owns the timer and the memory of the last check; the network decides what a deadlock does to the run.</remarks>
internal sealed class DeadlockWatch : IDisposable
{
    private ActorCell[] _cells;
    private readonly Worker[] _workers;
    private NetworkStatistics _statistics;
    private readonly Func<bool> _isRunning;
    private readonly Action<NetworkDeadlockException> _found;
    private ITimer? _timer;
    private long _lastProgress = -1;
    private List<ActorCell>? _lastCycle;

    /// <param name="cells">The network's cells.</param>
    /// <param name="workers">The network's workers, whose handled counts are its progress.</param>
    /// <param name="statistics">Names edges in the report.</param>
    /// <param name="isRunning">Whether the run is still going (started or stopping): a finished run is not checked.</param>
    /// <param name="found">Called once a deadlock is confirmed (on the timer's thread).</param>
    public DeadlockWatch(ActorCell[] cells, Worker[] workers, NetworkStatistics statistics, Func<bool> isRunning, Action<NetworkDeadlockException> found)
    {
        _cells = cells;
        _workers = workers;
        _statistics = statistics;
        _isRunning = isRunning;
        _found = found;
    }

    /// <summary>A live edit changed the network's shape: check the new one from now on (cells that retire are no longer watched).</summary>
    public void Reshape(ActorCell[] cells, NetworkStatistics statistics)
    {
        Volatile.Write(ref _statistics, statistics);
        Volatile.Write(ref _cells, cells);
    }

    /// <summary>Checks every <paramref name="interval"/> from now on.</summary>
    public void Start(TimeSpan interval) =>
        _timer = TimeProvider.System.CreateTimer(static w => ((DeadlockWatch)w!).Check(), this, interval, interval);

    public void Dispose() => _timer?.Dispose();

    /// <summary>Runs on the timer: reports a cycle of waiting actors seen twice with no progress in between.</summary>
    internal void Check()
    {
        if (!_isRunning())
        {
            return;
        }

        long progress = 0;
        foreach (Worker worker in _workers)
        {
            progress += worker.Handled;
        }

        List<ActorCell>? cycle = DeadlockDetector.FindCycle(_cells);
        bool confirmed = cycle is not null && progress == _lastProgress && _lastCycle is not null && cycle.SequenceEqual(_lastCycle);
        _lastProgress = progress;
        _lastCycle = cycle;
        if (confirmed)
        {
            _found(Describe(cycle!));
        }
    }

    private NetworkDeadlockException Describe(List<ActorCell> cycle)
    {
        string[] nodes = [.. cycle.Select(c => c.Node.Id)];
        var waits = new List<string>();
        foreach (ActorCell cell in cycle)
        {
            waits.Add(cell.WaitingOn is { } edge
                ? $"'{cell.Node.Id}' is held back on its full edge {_statistics.Describe(edge)} (capacity {edge.Capacity})"
                : $"'{cell.Node.Id}' waits for input on in-port(s) {string.Join(", ", cell.MissingRequiredPorts().Select(p => cell.Node.Component.Description.InPorts[p].Name))}");
        }

        return new NetworkDeadlockException(
            nodes,
            $"Deadlock: the nodes {string.Join(" -> ", nodes)} -> {nodes[0]} wait on each other and no message can move: {string.Join("; ", waits)}. " +
            "Raise the capacities of these edges, or mark one of them elastic.");
    }
}
