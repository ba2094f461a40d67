namespace Reflow.Benchmarks.Peers.Common;

/// <summary>The first-stage targets of a bounded peer (Dataflow blocks, channel writers), for <see cref="BroadcastInlet{TTargets}"/>.</summary>
public interface IBroadcastTargets
{
    /// <summary>How many targets there are.</summary>
    int Count { get; }

    /// <summary>Hands <paramref name="value"/> to target <paramref name="index"/> if it has room.</summary>
    bool TryPost(int index, long value);

    /// <summary>Hands <paramref name="value"/> to target <paramref name="index"/>, waiting for room.</summary>
    ValueTask PostAsync(int index, long value);

    /// <summary>Tells every target that nothing more follows.</summary>
    void Complete();
}
