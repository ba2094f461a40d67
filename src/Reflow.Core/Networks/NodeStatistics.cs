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
}
