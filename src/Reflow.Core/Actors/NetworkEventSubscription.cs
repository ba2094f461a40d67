namespace Reflow.Actors;

/// <summary>What an event subscriber receives; see <see cref="Networks.Network.SubscribeEvents"/>.</summary>
public sealed record NetworkEventSubscription
{
    /// <summary>Also report every message sent on an edge (<see cref="NetworkEventKind.MessageSent"/>). Costly; off by default.</summary>
    public bool IncludeMessages { get; init; }

    /// <summary>
    /// With <see cref="IncludeMessages"/>: report 1 message in this many, per edge (the N-th, 2N-th… message sent on
    /// each edge, see <see cref="NetworkEvent.Sequence"/>). 1 (the default) reports every message. Must be at least 1.
    /// </summary>
    public int MessageSampling { get; init; } = 1;

    /// <summary>
    /// Events buffered for a subscriber that reads slowly; past it the oldest are discarded (and counted in
    /// <see cref="Networks.NetworkRunResult.EventsDiscarded"/>) rather than slowing the network down. Default 10 000.
    /// </summary>
    public int Capacity { get; init; } = 10_000;
}
