namespace Reflow.Actors;

/// <summary>How a node's actor is supervised when it throws: retries, then an action, guarded by a circuit breaker.</summary>
/// <remarks>
/// <para>A failure is always counted, reported as an <see cref="NetworkEventKind.ActorFailed"/> event, and sent as an
/// <see cref="Messages.MessageKind.Error"/> message to the node's out-port named <c>error</c> when the component
/// has one and it is connected. Then:</para>
/// <list type="number">
/// <item><b>Retry</b>: while fewer than <see cref="MaxRetries"/> retries were made, the same message is handed
/// to the actor again after a backoff that starts at <see cref="RetryBackoff"/> and doubles up to
/// <see cref="MaxRetryBackoff"/>. Meanwhile the actor gets no other input (later messages wait, in order, and
/// keep their edges' credits, so the producers are held back). The backoff never blocks a worker: a timer
/// re-posts the message. Retries apply to each-message actors and to sources (<c>Produce</c> is called again);
/// an await-mode actor's failed set is not retried.</item>
/// <item><b>Action</b> (<see cref="Action"/>): resume, restart with fresh state, or stop. A source that fails
/// finally under <see cref="FailureAction.Resume"/> is stopped, since calling it again would fail again at once.</item>
/// <item><b>Circuit breaker</b>: after <see cref="CircuitBreakerThreshold"/> consecutive failures (any success
/// resets the count) the circuit opens for <see cref="CircuitBreakerDuration"/>: messages that arrive meanwhile are
/// not handed to the actor but go to the dead letters (<see cref="DeadLetterReason.CircuitOpen"/>). Then the next
/// message is tried: a success closes the circuit, a failure opens it again.</item>
/// </list>
/// <para><b>Uncaught failures.</b> A failure is <i>uncaught</i> when nothing in the graph handles it: the actor threw
/// and its node has no connected <c>error</c> port, or it emitted an <see cref="Messages.MessageKind.Error"/> message on
/// an out-port with no edge. Every failure is counted (<see cref="Networks.NodeStatistics.Failures"/>) and the first few are kept
/// (<see cref="Networks.NetworkRunResult.Failures"/>); an uncaught one fails the run (<see cref="Networks.NetworkRunResult.HasUnhandledFailures"/>,
/// exit code 1 of <c>reflow run</c>) unless <see cref="IgnoreFailures"/> is set, and then it is still counted and kept.</para>
/// <para>Times are read from <see cref="Networks.NetworkOptions.TimeProvider"/>, so a test can drive them with a fake clock.</para>
/// </remarks>
public sealed record SupervisionPolicy
{
    /// <summary>Resume after each failure, no retries, no circuit breaker.</summary>
    public static SupervisionPolicy Default { get; } = new();

    /// <summary>What to do once a failure is final. Default <see cref="FailureAction.Resume"/>.</summary>
    public FailureAction Action { get; init; } = FailureAction.Resume;

    /// <summary>How many times a failed message is retried before <see cref="Action"/> applies. Default 0.</summary>
    public int MaxRetries { get; init; }

    /// <summary>The delay before the first retry; each later retry waits twice as long as the one before. Default 10 ms.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest delay between retries. Default 1 s.</summary>
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many restarts <see cref="FailureAction.Restart"/> makes before it stops the actor instead. Default 10.</summary>
    public int MaxRestarts { get; init; } = 10;

    /// <summary>Consecutive failures that open the circuit; 0 (the default) turns the breaker off.</summary>
    public int CircuitBreakerThreshold { get; init; }

    /// <summary>How long an open circuit turns messages away before it lets one through to try. Default 1 s.</summary>
    public TimeSpan CircuitBreakerDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether this node's uncaught failures, and the messages its stopped actor or open circuit turns away, leave the
    /// run successful (they are still counted, kept in <see cref="Networks.NetworkRunResult.Failures"/> and reported as
    /// <see cref="FailureHandling.Ignored"/>). Default false: an uncaught failure fails the run.
    /// </summary>
    public bool IgnoreFailures { get; init; }

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based).</summary>
    internal TimeSpan BackoffFor(int retry)
    {
        double factor = Math.Pow(2, Math.Min(retry - 1, 30));
        double ticks = Math.Min(RetryBackoff.Ticks * factor, MaxRetryBackoff.Ticks);
        return TimeSpan.FromTicks((long)Math.Max(0, ticks));
    }

    internal void Validate(string node)
    {
        if (MaxRetries < 0 || MaxRestarts < 0 || CircuitBreakerThreshold < 0)
        {
            throw new ArgumentException($"Node '{node}': MaxRetries, MaxRestarts and CircuitBreakerThreshold must not be negative.");
        }

        if (RetryBackoff < TimeSpan.Zero || MaxRetryBackoff < TimeSpan.Zero || CircuitBreakerDuration < TimeSpan.Zero)
        {
            throw new ArgumentException($"Node '{node}': RetryBackoff, MaxRetryBackoff and CircuitBreakerDuration must not be negative.");
        }
    }
}
