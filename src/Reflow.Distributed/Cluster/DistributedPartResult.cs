namespace Reflow.Distributed.Cluster;

/// <summary>How one part of a distributed run ended on its node.</summary>
/// <param name="Node">The cluster node that ran it.</param>
/// <param name="State"><c>finished</c>, <c>failed</c>, or <c>lost</c> (its node died).</param>
/// <param name="Messages">Messages its actors handled.</param>
/// <param name="Failures">Actor failures.</param>
/// <param name="DeadLetters">Messages dead-lettered.</param>
/// <param name="Elapsed">How long its network ran.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record DistributedPartResult(string Node, string State, long Messages, long Failures, long DeadLetters, TimeSpan Elapsed, string? Error)
{
    /// <summary>The first failures, as text (at most five).</summary>
    public IReadOnlyList<string> FailureTexts { get; init; } = [];

    /// <summary>Whether the part network completed with no unhandled failure.</summary>
    public bool Succeeded { get; init; }
}
