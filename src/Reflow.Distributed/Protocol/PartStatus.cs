namespace Reflow.Distributed.Protocol;

/// <summary>
/// A part's progress or result, published by its node: state, the part network's counts, and its remote edges.
/// <see cref="Final"/> once the network completed and every edge of the part ended.
/// </summary>
internal sealed record PartStatus(string Node, string RunId, string State, bool Final)
{
    public const string Prepared = "prepared";
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Failed = "failed";

    public long Messages { get; init; }

    public long Failures { get; init; }

    public long DeadLetters { get; init; }

    public bool Completed { get; init; }

    public bool UnhandledFailures { get; init; }

    public double ElapsedSeconds { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<string> FailureTexts { get; init; } = [];

    public IReadOnlyList<EdgeStatus> Edges { get; init; } = [];
}
