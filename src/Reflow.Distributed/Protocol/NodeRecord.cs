namespace Reflow.Distributed.Protocol;

/// <summary>A live node's entry in the membership bucket, rewritten at every heartbeat.</summary>
internal sealed record NodeRecord(
    string Name,
    string Host,
    int ProcessId,
    DateTimeOffset Started,
    IReadOnlyDictionary<string, string> Labels,
    int Runs,
    string Version);
