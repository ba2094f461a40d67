namespace Reflow.Networks;

/// <summary>One actor as the placement sees it: whether it may block, and its estimated calls per unit of traffic.</summary>
/// <param name="MayBlock">It may block a thread (<c>ComponentDescription.MayBlock</c>): it goes to a blocking worker.</param>
/// <param name="Calls">How many calls it gets per unit of traffic (one per in-edge; at least one, for a source).</param>
internal readonly record struct PlacementActor(bool MayBlock, int Calls);
