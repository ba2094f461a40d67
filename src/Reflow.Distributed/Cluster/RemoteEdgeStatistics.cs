namespace Reflow.Distributed.Cluster;

/// <summary>One remote edge of a distributed run: its ends, its delivery mode and what crossed it.</summary>
/// <param name="Id">The edge's number in the run.</param>
/// <param name="From">The connection's source (<c>node.PORT</c>), or the run's exported in-port.</param>
/// <param name="To">The connection's target, or the run's exported out-port.</param>
/// <param name="FromNode">The cluster node that sent (empty: the coordinator).</param>
/// <param name="ToNode">The cluster node that received (empty: the coordinator).</param>
/// <param name="Delivery">The delivery mode.</param>
/// <param name="Sent">Messages the sender sent.</param>
/// <param name="Received">Messages the receiver delivered into its network.</param>
/// <param name="Lost">Messages counted as lost (at-most-once: a gap, or a node gone).</param>
/// <param name="Frames">Frames the sender sent.</param>
/// <param name="Bytes">Bytes the sender sent.</param>
public sealed record RemoteEdgeStatistics(
    int Id, string From, string To, string FromNode, string ToNode, DeliveryMode Delivery, long Sent, long Received, long Lost, long Frames, long Bytes);
