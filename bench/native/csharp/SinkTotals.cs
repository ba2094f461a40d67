namespace Reflow.Bench.B15;

/// <summary>What the one sink node of a run counted; read after the run is over.</summary>
internal sealed class SinkTotals
{
    public long Count { get; set; }

    public long Sum { get; set; }
}
