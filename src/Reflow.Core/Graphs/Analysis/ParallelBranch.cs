namespace Reflow.Graphs.Analysis;

/// <summary>
/// One of the branches that leave a fork (a node with two or more distinct successors): a chain of nodes that
/// can run in parallel with the fork's other branches.
/// </summary>
/// <param name="Fork">The node whose out-ports fan out.</param>
/// <param name="Nodes">The branch: a successor of the fork, then each following node while the chain has one way in and one way out.</param>
/// <param name="Join">The node where the branch meets others (two or more predecessors), or null when it ends or forks again.</param>
public sealed record ParallelBranch(string Fork, IReadOnlyList<string> Nodes, string? Join);
