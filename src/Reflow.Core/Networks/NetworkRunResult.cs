using Reflow.Actors;

namespace Reflow.Networks;

/// <summary>The statistics of a finished run.</summary>
/// <param name="Elapsed">From start to the moment the last piece of work was handled (or the stop).</param>
/// <param name="Nodes">Per node, in definition order.</param>
/// <param name="Edges">Per edge, in definition order.</param>
/// <remarks>
/// <para><b>Failures are never silent.</b> Every actor failure is counted per node (<see cref="NodeStatistics.Failures"/>)
/// and the first <see cref="FailuresKept"/> are kept in <see cref="Failures"/>, whether or not an <c>error</c> port
/// is connected. A failure nothing in the graph handles is <i>uncaught</i> (see <see cref="SupervisionPolicy"/>);
/// <see cref="HasUnhandledFailures"/> says whether the run had an uncaught failure, or lost messages to a stopped
/// actor or an open circuit, on a node whose policy does not ignore failures. Such a run finished, but did not
/// succeed: <c>reflow run</c> exits 1.</para>
/// </remarks>
public sealed record NetworkRunResult(TimeSpan Elapsed, IReadOnlyList<NodeStatistics> Nodes, IReadOnlyList<EdgeStatistics> Edges)
{
    /// <summary>How many failures <see cref="Failures"/> keeps at most; the counts cover all of them.</summary>
    public const int FailuresKept = Scheduling.FailureLog.Capacity;

    /// <summary>Messages handled over all edges.</summary>
    public long Messages => Edges.Sum(e => e.Messages);

    /// <summary>Actor calls that threw, over all nodes.</summary>
    public long Errors => Nodes.Sum(n => n.Errors);

    /// <summary>Every failure, over all nodes: caught, uncaught and ignored (see <see cref="NodeStatistics.Failures"/>).</summary>
    public long FailureCount { get; init; }

    /// <summary>The first <see cref="FailuresKept"/> failures of the run (caught, uncaught and ignored), in the order they happened.</summary>
    public IReadOnlyList<ActorFailure> Failures { get; init; } = [];

    /// <summary>Uncaught failures of nodes whose policy does not ignore them: each one fails the run.</summary>
    public long UncaughtFailures { get; init; }

    /// <summary>Uncaught failures of nodes whose policy ignores them: counted and kept, but the run still succeeds.</summary>
    public long IgnoredFailures { get; init; }

    /// <summary>
    /// Dead letters of nodes whose policy does not ignore failures, turned away because the actor was stopped or its
    /// circuit open: messages lost to a failure, which fail the run as an uncaught failure does.
    /// </summary>
    public long DeadLettersFromFailures { get; init; }

    /// <summary>
    /// Whether the run had an uncaught failure (<see cref="UncaughtFailures"/>) or lost messages to failures
    /// (<see cref="DeadLettersFromFailures"/>) on a node whose policy does not ignore them.
    /// </summary>
    public bool HasUnhandledFailures => UncaughtFailures > 0 || DeadLettersFromFailures > 0;

    /// <summary>
    /// True when the run ended because all its work was done (or drained by <see cref="Network.StopAsync"/>);
    /// false when it was stopped without draining, cancelled, or disposed while running.
    /// </summary>
    public bool Completed { get; init; } = true;

    /// <summary>Messages that went to the dead letters (all of them, including any discarded past the sink's capacity).</summary>
    public long DeadLetters { get; init; }

    /// <summary>How many dead letters each reason accounts for (reasons that occurred only).</summary>
    public IReadOnlyDictionary<DeadLetterReason, long> DeadLettersByReason { get; init; } = new Dictionary<DeadLetterReason, long>();

    /// <summary>Events discarded because a subscriber read too slowly.</summary>
    public long EventsDiscarded { get; init; }
}
