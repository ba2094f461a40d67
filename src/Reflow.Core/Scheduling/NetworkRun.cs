using System.Diagnostics.Metrics;
using Reflow.Actors;

namespace Reflow.Scheduling;

/// <summary>
/// What one run of a network shares between the network, its workers and its cells: the run's clock, events,
/// dead letters and failure log, its measurements, whether a draining stop is under way, and its
/// <see cref="OutstandingWork"/> (the count that tells when the run is finished).
/// </summary>
/// <remarks>
/// It schedules nothing: which worker runs a cell is fixed by the placement before the run (see
/// <c>Placement</c>), each worker runs its own loop (<see cref="Worker"/>), and messages go between workers
/// through <see cref="Routing"/>.
/// </remarks>
internal sealed class NetworkRun
{
    private volatile bool _draining;

    public NetworkRun(TimeProvider time, int deadLetterCapacity)
    {
        Time = time;
        Events = new EventHub(time);
        DeadLetters = new DeadLetterSink(deadLetterCapacity, Events);
        Work = new OutstandingWork(Events);
    }

    /// <summary>The count of outstanding work; <see cref="OutstandingWork.Finished"/> completes when the run is over.</summary>
    public OutstandingWork Work { get; }

    /// <summary>The clock of backoffs, circuit breakers and actor timers.</summary>
    public TimeProvider Time { get; }

    /// <summary>What nodes without a grant of their own may reach (<c>NetworkOptions.Permissions</c>).</summary>
    public Permissions.PermissionSet Permissions { get; init; } = Reflow.Permissions.PermissionSet.None;

    public EventHub Events { get; }

    public DeadLetterSink DeadLetters { get; }

    /// <summary>The run's first failures and their count.</summary>
    public FailureLog Failures { get; } = new();

    /// <summary>Processing time per invocation, recorded only while a listener has it enabled.</summary>
    public Histogram<double> ProcessingTime { get; set; } = null!;

    /// <summary>The tag that names the network on every measurement.</summary>
    public KeyValuePair<string, object?> NetworkTag { get; set; }

    /// <summary>The run's activity, parent of the failure activities.</summary>
    public System.Diagnostics.ActivityContext RunActivity { get; set; }

    /// <summary>A draining stop is under way: sources produce no more.</summary>
    public bool Draining => _draining;

    public void StartDraining() => _draining = true;
}
