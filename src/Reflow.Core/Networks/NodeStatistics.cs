namespace Reflow.Networks;

/// <summary>What one node did during a run.</summary>
/// <param name="Id">The node id.</param>
/// <param name="Invocations">Calls to Receive (or Produce, for a source) that returned normally.</param>
/// <param name="Errors">Calls that threw.</param>
/// <param name="Dropped">Messages emitted on out-ports with no edge (or after stop): counted, never silent.</param>
public sealed record NodeStatistics(string Id, long Invocations, long Errors, long Dropped);
