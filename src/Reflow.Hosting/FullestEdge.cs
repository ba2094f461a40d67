namespace Reflow.Hosting;

/// <summary>The fullest edge of a snapshot.</summary>
/// <param name="Id">The edge's id.</param>
/// <param name="Queued">Messages on it (sent, not yet handled).</param>
/// <param name="Capacity">Its capacity.</param>
internal readonly record struct FullestEdge(string Id, int Queued, int Capacity)
{
    public double Fill => (double)Queued / Capacity;
}
