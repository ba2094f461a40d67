namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// B8's tree: every actor has ten children down to <see cref="Leaves"/> leaves; leaf <c>i</c> answers <c>i</c>
/// and every parent answers the sum of its children's answers, so the root answers 0 + 1 + … + (leaves − 1).
/// </summary>
/// <param name="Leaves">A power of ten (1 000 000 at full scale).</param>
public sealed record SkynetShape(long Leaves)
{
    /// <summary>Actors in the tree: 1 + 10 + … + leaves.</summary>
    public long Actors => ((Leaves * 10) - 1) / 9;

    /// <summary>The index of the first leaf when nodes are numbered level by level (root 0, children of i: 10i+1 … 10i+10).</summary>
    public long FirstLeaf => (Leaves - 1) / 9;

    /// <summary>The root's answer.</summary>
    public long ExpectedSum => Leaves * (Leaves - 1) / 2;
}
