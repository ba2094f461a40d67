namespace Reflow.Distributed.Cluster;

/// <summary>What happened in a cluster, as nodes and coordinators report it.</summary>
public enum ClusterEventKind
{
    /// <summary>A node joined the cluster (this process, or one the coordinator found).</summary>
    NodeJoined,

    /// <summary>A node left cleanly.</summary>
    NodeLeft,

    /// <summary>A node stopped sending heartbeats: it is taken as dead.</summary>
    NodeLost,

    /// <summary>A coordinator split the graph and placed its parts.</summary>
    RunPlaced,

    /// <summary>A part network was built on its node and its receiving edges subscribed.</summary>
    PartPrepared,

    /// <summary>A part started.</summary>
    PartStarted,

    /// <summary>A part finished: its network completed and its remote edges ended.</summary>
    PartFinished,

    /// <summary>A part failed to build, or its run failed.</summary>
    PartFailed,

    /// <summary>A remote edge was given up because the node at its other end is gone; its loss is counted.</summary>
    EdgeAbandoned,

    /// <summary>A distributed run finished (its result says how).</summary>
    RunFinished,

    /// <summary>Something worth knowing that is not a failure (a refused request, a retry).</summary>
    Warning,
}
