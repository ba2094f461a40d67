namespace Reflow.Networks;

/// <summary>How a network runs.</summary>
public sealed record NetworkOptions
{
    /// <summary>The default options.</summary>
    public static NetworkOptions Default { get; } = new();

    /// <summary>Worker threads; every actor is pinned to one. Default: one per core.</summary>
    public int WorkerCount { get; init; } = Environment.ProcessorCount;

    /// <summary>The capacity of the edges between the host and exported ports.</summary>
    public int HostEdgeCapacity { get; init; } = 1024;
}
