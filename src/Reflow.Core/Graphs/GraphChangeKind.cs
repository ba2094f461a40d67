namespace Reflow.Graphs;

/// <summary>What a <see cref="GraphChange"/> did. The comments say what <see cref="GraphChange.Before"/> and <see cref="GraphChange.After"/> hold.</summary>
public enum GraphChangeKind
{
    /// <summary>After: the <see cref="GraphNode"/>.</summary>
    NodeAdded,

    /// <summary>Before: the <see cref="GraphNode"/>. Its connections, IIPs, exports and group memberships were removed by earlier changes of the same transaction.</summary>
    NodeRemoved,

    /// <summary>Before and After: the <see cref="GraphNode"/> under its old and new id. Every reference to it was renamed too.</summary>
    NodeRenamed,

    /// <summary>Before and After: the <see cref="GraphNode"/> (component or metadata changed).</summary>
    NodeChanged,

    /// <summary>After: the <see cref="GraphConnection"/>.</summary>
    ConnectionAdded,

    /// <summary>Before: the <see cref="GraphConnection"/>.</summary>
    ConnectionRemoved,

    /// <summary>Before and After: the <see cref="GraphConnection"/> (metadata changed).</summary>
    ConnectionChanged,

    /// <summary>After: the <see cref="GraphInitial"/> or <see cref="ExportedPortInitial"/>.</summary>
    InitialAdded,

    /// <summary>Before: the <see cref="GraphInitial"/> or <see cref="ExportedPortInitial"/>.</summary>
    InitialRemoved,

    /// <summary>After: the <see cref="ExportedPort"/>.</summary>
    PortAdded,

    /// <summary>Before: the <see cref="ExportedPort"/>. IIPs sent to it were removed by earlier changes of the same transaction.</summary>
    PortRemoved,

    /// <summary>Before and After: the <see cref="ExportedPort"/> under its old and new name.</summary>
    PortRenamed,

    /// <summary>Before and After: the <see cref="ExportedPort"/> (target or metadata changed).</summary>
    PortChanged,

    /// <summary>After: the <see cref="GraphGroup"/>.</summary>
    GroupAdded,

    /// <summary>Before: the <see cref="GraphGroup"/>.</summary>
    GroupRemoved,

    /// <summary>Before and After: the <see cref="GraphGroup"/> under its old and new name.</summary>
    GroupRenamed,

    /// <summary>Before and After: the <see cref="GraphGroup"/> (members or metadata changed).</summary>
    GroupChanged,

    /// <summary>Before and After: the graph's properties (<see cref="GraphMetadata"/>).</summary>
    PropertiesChanged,

    /// <summary>After: the transaction's name (string). The changes up to the matching <see cref="TransactionEnded"/> are undone as one.</summary>
    TransactionStarted,

    /// <summary>Before: the transaction's name (string).</summary>
    TransactionEnded,
}
