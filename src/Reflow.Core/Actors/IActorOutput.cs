using Reflow.Messages;

namespace Reflow.Actors;

/// <summary>
/// Where an actor's emissions go: implemented by the runtime (routing to edges, out-buffers, backpressure).
/// The one seam between the actor API and the scheduler.
/// </summary>
internal interface IActorOutput
{
    /// <summary>Sends <paramref name="message"/> to every edge of out-port <paramref name="outPort"/> (already range-checked).</summary>
    void Emit(int outPort, in Message message);

    /// <summary>
    /// Sends <paramref name="message"/> to the edges of out-port <paramref name="outPort"/> (already range-checked)
    /// that reach index <paramref name="element"/> of an addressable port, or to every edge of the port when it is -1.
    /// </summary>
    void Emit(int outPort, int element, in Message message);

    /// <summary>See <see cref="ActorContext.OutPortWidth"/>.</summary>
    int OutPortWidth(int outPort);

    /// <summary>See <see cref="ActorContext.IsInPortClosed"/> (already range-checked).</summary>
    bool IsInPortClosed(int inPort);

    /// <summary>The clock of the run.</summary>
    TimeProvider Time { get; }

    /// <summary>What the node may reach: its own grant, else the network's.</summary>
    Permissions.PermissionSet Permissions { get; }

    /// <summary>Starts a timer that calls <see cref="Actor.OnTimer"/> on the actor's own thread.</summary>
    IDisposable ScheduleTimer(TimeSpan dueTime, TimeSpan period, object? state);

    /// <summary>See <see cref="ActorContext.Log"/>.</summary>
    void Log(string text, string level);

    /// <summary>Keeps the run from finishing until the returned handle is disposed.</summary>
    IDisposable KeepAlive();

    /// <summary>See <see cref="ActorContext.Spawn"/>; only a running network's actors can spawn.</summary>
    ChildActor Spawn(Component component, SpawnOptions? options) => throw NotRunning();

    /// <summary>See <see cref="ActorContext.Send(ChildActor, int, in Messages.Message)"/>.</summary>
    void Send(ChildActor child, int inPort, in Message message) => throw NotRunning();

    /// <summary>See <see cref="ActorContext.Complete"/>.</summary>
    void Complete(ChildActor child) => throw NotRunning();

    /// <summary>See <see cref="ActorContext.ChildCount"/>.</summary>
    int ChildCount => 0;

    private static InvalidOperationException NotRunning() =>
        new("Child actors can be spawned only by an actor of a running network (this context is not one).");
}
