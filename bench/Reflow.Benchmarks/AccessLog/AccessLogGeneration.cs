namespace Reflow.Benchmarks.AccessLog;

/// <summary>What <see cref="AccessLogGenerator"/> wrote.</summary>
/// <param name="Lines">Lines written.</param>
/// <param name="Malformed">Of them, lines that are not well-formed combined-log-format lines.</param>
public sealed record AccessLogGeneration(long Lines, long Malformed);
