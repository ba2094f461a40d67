namespace Reflow.Actors;

/// <summary>
/// The code behind one graph node. The runtime makes one instance per node (a <see cref="Component"/> is a
/// factory, never a shared instance), runs it on one thread at a time, and calls <see cref="Receive"/> for its
/// input, so the actor's fields are its private state and need no locks.
/// </summary>
/// <remarks>
/// Declare ports with <see cref="InPortAttribute"/> and <see cref="OutPortAttribute"/> on the class and register
/// it with <see cref="Component.FromActor{TActor}"/>. Resolve out-ports once in <see cref="OnStart"/>
/// (<see cref="ActorContext.OutPort(string)"/>) and emit through the handles.
/// </remarks>
public abstract class Actor
{
    /// <summary>Called once before the first message, after configuration is resolved. May emit.</summary>
    public virtual void OnStart(ActorContext context)
    {
    }

    /// <summary>
    /// Handles input: one message (<see cref="ActorContext.Message"/> on <see cref="ActorContext.InPortIndex"/>) or,
    /// in the await modes, a complete set (<see cref="ActorContext.TryGetInput(int, out Messages.Message)"/>).
    /// Emit any number of messages on any out-ports.
    /// </summary>
    public abstract void Receive(ActorContext context);

    /// <summary>A timer started with <see cref="ActorContext.ScheduleTimer(TimeSpan, TimeSpan, object?)"/> fired; runs on the actor's thread. May emit.</summary>
    public virtual void OnTimer(ActorContext context, object? state)
    {
    }

    /// <summary>Called once when the node stops (network finished or stopped). May not emit.</summary>
    public virtual void OnStop(ActorContext context)
    {
    }
}
