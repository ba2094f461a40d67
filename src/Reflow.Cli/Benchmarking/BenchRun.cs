namespace Reflow.Cli.Benchmarking;

/// <summary>One measured run.</summary>
/// <param name="Elapsed">From the first send (or the start) to the last message read (or the end of the run).</param>
/// <param name="Items">Messages through the timed path (fed mode), or messages handled on all edges (source mode).</param>
/// <param name="EdgeMessages">Messages handled over all edges.</param>
/// <param name="LatenciesNs">Per message, send → read, in nanoseconds; empty in source mode or when outputs did not match inputs one to one.</param>
internal sealed record BenchRun(TimeSpan Elapsed, long Items, long EdgeMessages, double[] LatenciesNs)
{
    public double ItemsPerSecond => Items / Math.Max(1e-9, Elapsed.TotalSeconds);
}
