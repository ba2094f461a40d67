namespace Reflow.Server.Workflows;

/// <summary>
/// Where one execution of the workflow API is: the original's <c>ExecutionStatus</c>, written in JSON by these names
/// (<c>"Queued"</c>, <c>"Running"</c>, …) as its serde did.
/// </summary>
internal enum WorkflowStatus
{
    /// <summary>Accepted, waiting for a free execution slot.</summary>
    Queued,

    /// <summary>Its network runs.</summary>
    Running,

    /// <summary>The network finished with no failure left unhandled.</summary>
    Completed,

    /// <summary>The network could not start, or finished with unhandled failures.</summary>
    Failed,

    /// <summary>Cancelled by a client before it finished.</summary>
    Cancelled,
}
