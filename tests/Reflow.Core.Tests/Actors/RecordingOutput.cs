using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Actors;

/// <summary>Records what an actor emits, in place of the runtime's routing (the IActorOutput seam).</summary>
internal sealed class RecordingOutput : IActorOutput
{
    public List<(int Port, Message Message)> Emitted { get; } = [];

    /// <summary>Emissions to one index of an addressable port.</summary>
    public List<(int Port, int Element, Message Message)> EmittedToElements { get; } = [];

    /// <summary>What <see cref="OutPortWidth"/> answers.</summary>
    public int Width { get; set; }

    public void Emit(int outPort, in Message message) => Emitted.Add((outPort, message));

    public void Emit(int outPort, int element, in Message message) => EmittedToElements.Add((outPort, element, message));

    public int OutPortWidth(int outPort) => Width;

    public TimeProvider Time => TimeProvider.System;

    public HashSet<int> ClosedInPorts { get; } = [];

    public bool IsInPortClosed(int inPort) => ClosedInPorts.Contains(inPort);

    public Reflow.Permissions.PermissionSet Permissions { get; init; } = Reflow.Permissions.PermissionSet.None;

    public IDisposable ScheduleTimer(TimeSpan dueTime, TimeSpan period, object? state) =>
        throw new NotSupportedException("Timers need the runtime; these tests drive actors directly.");

    /// <summary>What the actor logged, with the level.</summary>
    public List<(string Level, string Text)> Logged { get; } = [];

    public void Log(string text, string level) => Logged.Add((level, text));

    public IDisposable KeepAlive() => throw new NotSupportedException("Keep-alives need the runtime; these tests drive actors directly.");

    public static ActorContext ContextFor(Component component, RecordingOutput output, string nodeId = "node1") =>
        new(nodeId, component.Description, ActorConfiguration.Create(nodeId, component.Description.Name, environment: _ => null), output);
}
