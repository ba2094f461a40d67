namespace Reflow.Actors;

/// <summary>What a <see cref="NetworkEvent"/> reports.</summary>
public enum NetworkEventKind
{
    /// <summary>The workers started; initial packets are on their way.</summary>
    NetworkStarted,

    /// <summary>A node's actor ran <c>OnStart</c>.</summary>
    ActorStarted,

    /// <summary>A node's actor threw (<see cref="NetworkEvent.Exception"/>; the message, if any, in <see cref="NetworkEvent.Message"/>).</summary>
    ActorFailed,

    /// <summary>A failed message will be retried after a backoff.</summary>
    ActorRetrying,

    /// <summary>A node's actor was replaced by a fresh one.</summary>
    ActorRestarted,

    /// <summary>A node's circuit breaker opened.</summary>
    CircuitOpened,

    /// <summary>A node's actor was stopped (by its policy or at the end of the run).</summary>
    ActorStopped,

    /// <summary>A message went to the dead letters.</summary>
    DeadLetter,

    /// <summary>A message was emitted on an edge (only when the subscription asks for message events).</summary>
    MessageSent,

    /// <summary>No message is being handled or waiting anywhere; the network waits for the host's input or timers.</summary>
    Idle,

    /// <summary>The bounded edges of a cycle are all full: the nodes in <see cref="NetworkEvent.Nodes"/> wait on each other.</summary>
    Deadlock,

    /// <summary>The run is over (finished, stopped or failed).</summary>
    NetworkFinished,

    /// <summary>
    /// A node wrote a line to the run's log (<see cref="ActorContext.Log"/>: a script's <c>console.log</c>); the text
    /// is <see cref="NetworkEvent.Message"/>, a string, and <see cref="NetworkEvent.Port"/> names the level
    /// (<c>log</c>, <c>info</c>, <c>warn</c>, <c>error</c>, <c>debug</c>).
    /// </summary>
    ActorLog,
}
