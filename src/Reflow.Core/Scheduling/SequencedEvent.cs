using Reflow.Actors;

namespace Reflow.Scheduling;

/// <summary>An event as one subscriber buffers it: with the place it took in that subscriber's stream.</summary>
internal readonly record struct SequencedEvent(long Ordinal, NetworkEvent Event);
