using Reflow.Networks;

namespace Reflow.Hosting;

/// <summary>
/// Samples a running network's edges and remembers since when its fullest edge has been near capacity, so the
/// health check can tell sustained backpressure (a stage that cannot keep up) from a burst.
/// </summary>
/// <remarks>
/// Capacities come from the definition (<see cref="EdgeDefinition.Capacity"/>), in the snapshot's edge order: the
/// definition's edges, then the host edges of the exported ports (<see cref="NetworkOptions.HostEdgeCapacity"/>).
/// Elastic edges have no limit to press against and are left out.
/// </remarks>
internal sealed class BackpressureWatch
{
    private readonly int[] _capacities; // 0: elastic, never "full"
    private readonly double _threshold;
    private readonly TimeProvider _time;
    private long _fullSince = -1; // TimeProvider timestamp of the first sample of the current full streak; -1: none

    public BackpressureWatch(NetworkDefinition definition, int hostEdgeCapacity, ReflowHostingOptions options, TimeProvider time)
    {
        _capacities = [
            .. definition.Edges.Select(e => e.Elastic ? 0 : e.Capacity),
            .. Enumerable.Repeat(hostEdgeCapacity, definition.InPorts.Length + definition.OutPorts.Length),
        ];
        _threshold = options.BackpressureThreshold;
        _time = time;
    }

    /// <summary>The edge with the highest fill (queued ÷ capacity) in <paramref name="snapshot"/>, or null when it has no bounded edge.</summary>
    public FullestEdge? Fullest(NetworkSnapshot snapshot)
    {
        FullestEdge? fullest = null;
        int count = Math.Min(snapshot.Edges.Count, _capacities.Length); // a live edit may have changed the shape: judge what is known
        for (int i = 0; i < count; i++)
        {
            EdgeSnapshot edge = snapshot.Edges[i];
            int capacity = _capacities[i];
            if (capacity > 0 && (fullest is null || (double)edge.Queued / capacity > fullest.Value.Fill))
            {
                fullest = new FullestEdge(edge.Id, edge.Queued, capacity);
            }
        }

        return fullest;
    }

    /// <summary>Records one sample.</summary>
    public void Sample(NetworkSnapshot snapshot)
    {
        bool full = Fullest(snapshot) is { } edge && edge.Fill >= _threshold;
        if (!full)
        {
            Interlocked.Exchange(ref _fullSince, -1);
        }
        else if (Interlocked.Read(ref _fullSince) < 0)
        {
            Interlocked.Exchange(ref _fullSince, _time.GetTimestamp());
        }
    }

    /// <summary>How long some edge has been at least <see cref="ReflowHostingOptions.BackpressureThreshold"/> full, sample after sample; null when the last sample was not.</summary>
    public TimeSpan? FullFor
    {
        get
        {
            long since = Interlocked.Read(ref _fullSince);
            return since < 0 ? null : _time.GetElapsedTime(since);
        }
    }
}
