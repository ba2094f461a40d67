namespace Reflow.Actors;

/// <summary>When the runtime calls an actor's <see cref="Actor.Receive"/>.</summary>
public enum InputMode
{
    /// <summary>Once per message, with the port it arrived on (the default).</summary>
    EachMessage = 0,

    /// <summary>
    /// Once every in-port holds a message, with all of them (<see cref="ActorContext.TryGetInput(int, out Messages.Message)"/>); the set is then
    /// cleared. Like a join: a port that receives a second message before the set is complete keeps it queued.
    /// </summary>
    AwaitAllInPorts,

    /// <summary>
    /// Once every in-port marked <see cref="PortDefinition.Required"/> holds a message (each required port queues);
    /// optional ports do not queue: each message replaces the port's latest value, which every later set sees.
    /// A component in this mode needs at least one required in-port to ever fire.
    /// </summary>
    AwaitRequiredInPorts,
}
