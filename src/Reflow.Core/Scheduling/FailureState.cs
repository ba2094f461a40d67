namespace Reflow.Scheduling;

/// <summary>
/// A cell's failure and supervision state: its counts of errors, drops, failures and dead letters, and what its
/// policy tracks (retries, restarts, consecutive failures, the circuit). Its own object, made on the cell's first
/// failure, drop or dead letter, so an actor that never fails keeps one null reference instead of ~70 bytes
/// (DESIGN.md §4: at most 512 bytes per idle actor). Owner-only writes; racy reads (statistics, metrics) are fine.
/// </summary>
internal sealed class FailureState
{
    /// <summary>Exceptions the actor threw (in Receive, Produce, OnTimer, OnStart or OnStop).</summary>
    public long Errors;

    /// <summary>Messages dropped: unrouted, emitted after the run, or dead-lettered.</summary>
    public long Dropped;

    /// <summary>Exceptions and unrouted Error messages.</summary>
    public long Failures;

    /// <summary>The failures nothing in the graph handled.</summary>
    public long Uncaught;

    /// <summary>Messages addressed to the node that went to the dead letters.</summary>
    public long DeadLetters;

    /// <summary>Dead letters turned away because the actor was stopped or its circuit open.</summary>
    public long FromFailures;

    /// <summary>Retries of the current failed message so far.</summary>
    public int Retries;

    /// <summary>Restarts so far.</summary>
    public int Restarts;

    /// <summary>Failures since the last success (the circuit breaker's count).</summary>
    public int ConsecutiveFailures;

    /// <summary>Until when (a timestamp of the run's clock) an open circuit turns input away; 0 when closed.</summary>
    public long CircuitOpenUntil;

    /// <summary>The failed message waiting for its retry; made on the first retry.</summary>
    public PendingRetry? Retry;
}
