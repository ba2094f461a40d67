using Reflow.Actors;

namespace Reflow.Networks;

/// <summary>What one node did during a run.</summary>
/// <param name="Id">The node id.</param>
/// <param name="Invocations">Calls to Receive (or Produce, for a source) that returned normally.</param>
/// <param name="Errors">Calls that threw (Receive, Produce, OnTimer, OnStart, OnStop).</param>
/// <param name="Dropped">
/// Messages this node did not pass on or handle: emissions on out-ports with no edge or after the run, and the
/// node's dead letters. Counted, never silent.
/// </param>
public sealed record NodeStatistics(string Id, long Invocations, long Errors, long Dropped)
{
    /// <summary>How many times the actor was replaced by a fresh one (<see cref="FailureAction.Restart"/>).</summary>
    public long Restarts { get; init; }

    /// <summary>The actor's state when the run ended.</summary>
    public ActorState State { get; init; }

    /// <summary>
    /// The node's failures: calls that threw (<see cref="Errors"/>) and Error messages it emitted on out-ports with no
    /// edge. (An Error message sent along an edge is data the graph handles, not counted here.)
    /// </summary>
    public long Failures { get; init; }

    /// <summary>
    /// The failures nothing in the graph handled (no connected <c>error</c> port, or an Error message with no edge),
    /// including those the node's policy ignores (<see cref="IgnoresFailures"/>).
    /// </summary>
    public long UncaughtFailures { get; init; }

    /// <summary>Messages addressed to this node that went to the dead letters (part of <see cref="Dropped"/>).</summary>
    public long DeadLetters { get; init; }

    /// <summary>
    /// Of <see cref="DeadLetters"/>, those turned away because the actor was stopped by its policy or its circuit was
    /// open: messages lost to a failure.
    /// </summary>
    public long DeadLettersFromFailures { get; init; }

    /// <summary>The node's policy ignores its uncaught failures (<see cref="SupervisionPolicy.IgnoreFailures"/>).</summary>
    public bool IgnoresFailures { get; init; }
}
