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

    /// <summary>
    /// A bracket arrived (<see cref="ActorContext.Message"/> is an <see cref="Messages.MessageKind.OpenBracket"/> or a
    /// <see cref="Messages.MessageKind.CloseBracket"/>, on <see cref="ActorContext.InPortIndex"/>). The default forwards
    /// it on every out-port but <c>error</c> (<see cref="ActorContext.ForwardBracket"/>), so groups pass through a
    /// component that knows nothing of them; an aggregate overrides it to work per group. May emit.
    /// </summary>
    public virtual void OnBracket(ActorContext context) => context.ForwardBracket();

    /// <summary>
    /// In-port <paramref name="inPort"/> is closed: every producer connected to it (edges, initial packets, the
    /// host) is done, and everything they sent has been handed to the actor. For an addressable port it is called
    /// once per connected index as that index closes (<paramref name="index"/> ≥ 0), then once for the whole port
    /// (<paramref name="index"/> -1). Not called for a port nothing is connected to. May emit.
    /// </summary>
    public virtual void OnInPortClosed(ActorContext context, int inPort, int index)
    {
    }

    /// <summary>
    /// Every in-port is closed (called once; right after <see cref="OnStart"/> for a node with no connected input):
    /// the end of the stream. An aggregate emits its result here. May emit; once it returns and the actor has no
    /// timer, keep-alive or call in flight left, the node is done and its out-ports close in turn.
    /// </summary>
    public virtual void OnInputsClosed(ActorContext context)
    {
    }

    /// <summary>Called once when the node stops (network finished or stopped), after <see cref="OnInputsClosed"/>. May not emit.</summary>
    public virtual void OnStop(ActorContext context)
    {
    }
}
