namespace Reflow.Cli.Benchmarking;

/// <summary>What <c>reflow bench</c> measures.</summary>
/// <param name="Runs">Measured runs.</param>
/// <param name="Warmup">Runs before them, not counted (JIT, caches).</param>
/// <param name="Messages">Messages sent per run, when the graph has an exported in-port.</param>
/// <param name="InPort">The exported in-port to feed; the only one when null.</param>
/// <param name="OutPort">The exported out-port to time; the only one when null.</param>
/// <param name="Message">The message to send (JSON or text); the sequence number when null.</param>
/// <param name="Rate">Messages per second to pace the sends at; as fast as the graph takes them when null.</param>
/// <param name="Format">How the report is written.</param>
internal sealed record BenchSettings(int Runs, int Warmup, int Messages, string? InPort, string? OutPort, string? Message, double? Rate, OutputFormat Format);
