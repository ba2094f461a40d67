using Reflow.Actors;

namespace Reflow.Networks;

/// <summary>One node in a <see cref="NetworkSnapshot"/>.</summary>
/// <param name="Id">The node's id.</param>
/// <param name="State">The actor's lifecycle state (see <see cref="Network.GetActorState"/>).</param>
/// <param name="Invocations">Times the actor was called with input so far (as <see cref="NodeStatistics.Invocations"/>).</param>
/// <param name="Errors">Errors so far (as <see cref="NodeStatistics.Errors"/>).</param>
/// <param name="Failures">Failures so far, handled or not (as <see cref="NodeStatistics.Failures"/>).</param>
/// <param name="Dropped">Messages dropped so far (as <see cref="NodeStatistics.Dropped"/>).</param>
public readonly record struct NodeSnapshot(string Id, ActorState State, long Invocations, long Errors, long Failures, long Dropped);
