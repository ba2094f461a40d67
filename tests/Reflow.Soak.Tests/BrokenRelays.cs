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

/// <summary>The threads <see cref="ThreadLeakingRelay"/> leaves behind, and the switch that ends them.</summary>
internal sealed class ThreadLeak : IDisposable
{
    private const int MaxThreads = 400;
    private readonly ManualResetEventSlim _release = new();
    private int _count;

    public void Start()
    {
        if (Interlocked.Increment(ref _count) <= MaxThreads)
        {
            new Thread(() => _release.Wait(TimeSpan.FromMinutes(1))) { IsBackground = true, Name = "leaked by the test" }.Start();
        }
    }

    public void Dispose() => _release.Set(); // the threads end; the event is left to the GC since they may still wait on it
}

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
