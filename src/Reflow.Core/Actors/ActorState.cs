namespace Reflow.Actors;

/// <summary>
/// The lifecycle of a node's actor: Created → Initialized → Running ⇄ Processing → Stopping → Stopped, with
/// Error → Running (resumed, restarted) or → Stopping (stopped by its policy).
/// </summary>
public enum ActorState
{
    /// <summary>The actor exists; the network has not started.</summary>
    Created,

    /// <summary><c>OnStart</c> has run.</summary>
    Initialized,

    /// <summary>Waiting for input (or, for a source, between chunks).</summary>
    Running,

    /// <summary>Handling a message or producing a chunk.</summary>
    Processing,

    /// <summary>It threw; a retry is pending or its policy is being applied.</summary>
    Error,

    /// <summary><c>OnStop</c> is running.</summary>
    Stopping,

    /// <summary>Stopped: by its policy, or at the end of the run.</summary>
    Stopped,
}
