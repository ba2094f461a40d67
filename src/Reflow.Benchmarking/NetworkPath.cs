namespace Reflow.Benchmarking;

/// <summary>Where the benchmark's source feeds the nodes under test and where its sink reads them.</summary>
/// <param name="IntoNode">The node the source feeds.</param>
/// <param name="IntoPort">Its in-port.</param>
/// <param name="OutOfNode">The node the sink reads.</param>
/// <param name="OutOfPort">Its out-port.</param>
public readonly record struct NetworkPath(string IntoNode, string IntoPort, string OutOfNode, string OutOfPort);
