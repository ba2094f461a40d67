namespace Reflow.Actors;

/// <summary>
/// The lifecycle of a node's actor: Created → Initialized → Running ⇄ Processing → Stopping → Stopped, with
/// Error → Running (resumed, restarted) or → Stopping (stopped by its policy).
/// </summary>
/// <remarks>
/// Each name means one thing. <see cref="Running"/> is the actor's idle, started state (it waits for input); it
/// is not "its code is executing" (that is <see cref="Processing"/>) and not "the network is running" (a network
/// is not started, started, stopping or finished: see <c>Network.RunAsync</c> and <c>Network.StopAsync</c>).
/// </remarks>
public enum ActorState
{
    /// <summary>The actor exists; the network has not started.</summary>
    Created,

    /// <summary><c>OnStart</c> has run.</summary>
    Initialized,

    /// <summary>Started and idle: waiting for input (or, for a source, between chunks); its code is not executing.</summary>
    Running,

    /// <summary>Its code is executing: handling a message or a set of inputs, producing a chunk, or handling a timer.</summary>
    Processing,

    /// <summary>It threw; a retry is pending or its policy is being applied.</summary>
    Error,

    /// <summary><c>OnStop</c> is running.</summary>
    Stopping,

    /// <summary>Stopped: by its policy, or at the end of the run.</summary>
    Stopped,
}
