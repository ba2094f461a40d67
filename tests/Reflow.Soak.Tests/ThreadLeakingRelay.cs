using Reflow.Actors;

namespace Reflow.Soak.Tests;

/// <summary>A relay that leaves a thread behind for each of its first messages (each ends when the test releases it, or after a minute).</summary>
internal sealed class ThreadLeakingRelay(GraphState state, ThreadLeak leak) : SoakRelay(state)
{
    private int _started;

    public override void Receive(ActorContext context)
    {
        if (_started++ < 40)
        {
            leak.Start();
        }

        base.Receive(context);
    }
}
