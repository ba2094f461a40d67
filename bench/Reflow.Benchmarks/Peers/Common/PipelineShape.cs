namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// The topology every pipeline-like suite (B3–B6 and the latency suites) runs, so each peer implements one
/// builder: a producer, then <see cref="Stages"/> − 2 relay stages, then a sink. The first relay stage is
/// <see cref="Width"/> wide: the producer sends every message to each of its relays (fan-out) and they all send
/// to the next stage (fan-in). Width 1 is a pipeline; 3 stages of width 8 is B5's 1 → 8 → 1; width 2 its diamond.
/// </summary>
/// <param name="Messages">Messages the producer sends (to each relay of a wide first stage).</param>
/// <param name="Stages">Producer + relays + sink, at least 2.</param>
/// <param name="Width">Relays in the first relay stage (1 unless <see cref="Stages"/> ≥ 3).</param>
/// <param name="SinkWork">Rounds of <see cref="SlowWork"/> the sink does per message (B6's slow consumer); 0 for none.</param>
/// <param name="Capacity">The bound of every edge, mailbox or channel that has one (DESIGN.md §4: 1024).</param>
public sealed record PipelineShape(long Messages, int Stages, int Width = 1, int SinkWork = 0, int Capacity = 1024)
{
    /// <summary>Messages that reach the sink: each message once per relay of the first stage.</summary>
    public long SinkMessages => Messages * Width;

    /// <summary>Relay stages between the producer and the sink.</summary>
    public int RelayStages => Stages - 2;

    /// <summary>Throws if the shape is not one the builders support.</summary>
    public PipelineShape Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Stages, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 1);
        if (Width > 1 && Stages < 3)
        {
            throw new ArgumentException("A wide first relay stage needs at least 3 stages.");
        }

        return this;
    }
}
