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
    /// With <see cref="IncludeMessages"/>: at most this many message events per edge per second; 0 (the default) sets
    /// no limit. An edge that sends fewer messages than this in a second has every one reported, so a small run is seen
    /// whole; a busy edge's budget is spread over the second (each second reports 1 message in the number its previous
    /// second sent divided by the budget), so what is reported is a faithful sample of what passed. The gaps show in
    /// <see cref="NetworkEvent.Sequence"/>, which counts every message sent. A message not reported costs no event.
    /// </summary>
    /// <remarks>
    /// The budget is the network's, shared by its subscribers: the largest one asked for, none as soon as one message
    /// subscriber asks for none. Seconds are counted by the network's <see cref="Networks.NetworkOptions.TimeProvider"/>;
    /// a new one is noticed by the producing actor's worker between messages it handles and before each chunk a source
    /// produces, not on every message sent (that read cost a watched pipeline ~3 % of its throughput). An actor that
    /// goes on emitting within one call after its edge's budget is spent notices it after as many more messages as
    /// that second had seen, so its reporting may resume a little late.
    /// </remarks>
    public int MessageRateLimit { get; init; }

    /// <summary>
    /// Events buffered for a subscriber that reads slowly; past it the oldest are discarded (and counted in
    /// <see cref="Networks.NetworkRunResult.EventsDiscarded"/>) rather than slowing the network down. Default 10 000.
    /// With <see cref="IncludeMessages"/>, message events and the other events are buffered apart, this many of each,
    /// so a flood of message events never discards a failure, a log line or the end of the run.
    /// </summary>
    public int Capacity { get; init; } = 10_000;
}
