using System.Collections.Concurrent;
using Reflow.Actors;

namespace Reflow.Soak.Tests;

/// <summary>A relay that swallows its tenth message: acknowledges it (returns normally) but never records or emits it.</summary>
internal sealed class SwallowingRelay(GraphState state, ConcurrentQueue<(int Seed, string Node, string Id)> swallowed) : SoakRelay(state)
{
    private int _received;

    public override void Receive(ActorContext context)
    {
        if (++_received == 10 && SoakMessage.TryParse(context.Message) is { Fault: "" } message)
        {
            swallowed.Enqueue((State.Plan.Seed, context.NodeId, message.Id));
            return;
        }

        base.Receive(context);
    }
}
