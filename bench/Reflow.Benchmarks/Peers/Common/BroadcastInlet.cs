namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// An <see cref="IPipelineInlet"/> that hands every value to each target in turn: synchronously while they have
/// room, then, from the first full one on, waiting for each (the producer's stall). A struct over a struct, so the
/// peers' calls are not made through interfaces.
/// </summary>
public readonly struct BroadcastInlet<TTargets>(TTargets targets) : IPipelineInlet
    where TTargets : struct, IBroadcastTargets
{
    public ValueTask SendAsync(long value)
    {
        for (int i = 0; i < targets.Count; i++)
        {
            if (!targets.TryPost(i, value))
            {
                return SendRestAsync(targets, i, value);
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Complete() => targets.Complete();

    private static async ValueTask SendRestAsync(TTargets targets, int from, long value)
    {
        await targets.PostAsync(from, value).ConfigureAwait(false);
        for (int i = from + 1; i < targets.Count; i++)
        {
            if (!targets.TryPost(i, value))
            {
                await targets.PostAsync(i, value).ConfigureAwait(false);
            }
        }
    }
}
