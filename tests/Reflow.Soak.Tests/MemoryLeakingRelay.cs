using System.Collections.Concurrent;
using Reflow.Actors;

namespace Reflow.Soak.Tests;

/// <summary>A relay that keeps 64 KiB for every message it handles, until the test lets go (bounded: 512 MiB in all).</summary>
internal sealed class MemoryLeakingRelay(GraphState state, ConcurrentBag<byte[]> kept) : SoakRelay(state)
{
    private const int MaxKept = 8192;

    public override void Receive(ActorContext context)
    {
        if (kept.Count < MaxKept)
        {
            byte[] block = new byte[64 * 1024];
            Random.Shared.NextBytes(block.AsSpan(0, 64)); // touched, so it is not a page the OS never maps
            kept.Add(block);
        }

        base.Receive(context);
    }
}
