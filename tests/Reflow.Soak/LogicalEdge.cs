namespace Reflow.Soak;

/// <summary>
/// What the ledger accounts per: from a C# producer (or the host) to a C# consumer (or the host), directly or through
/// one script node. Its id reads <c>r1 -> r4</c>, <c>r1 -> py3 -> r4</c>, <c>host -> r2</c> or <c>r5 -> host</c>.
/// </summary>
internal sealed record LogicalEdge(string Producer, string? Script, string Consumer)
{
    public const string Host = "host";

    public string Id { get; } = Script is null ? $"{Producer} -> {Consumer}" : $"{Producer} -> {Script} -> {Consumer}";
}
