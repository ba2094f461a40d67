using System.Runtime.CompilerServices;
using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>One unit of work in a worker's ring or local queue.</summary>
internal struct Envelope
{
    public ActorCell Cell;
    public Edge? Edge;
    public Message Message;
    public int InPort;
    public EnvelopeKind Kind;

    /// <summary>The one place a Deliver envelope is built: <paramref name="message"/> over <paramref name="edge"/> to its target and in-port.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Envelope Deliver(Edge edge, in Message message) => Deliver(edge.Target!, edge, edge.TargetPort, message);

    /// <summary>A Deliver envelope for <paramref name="cell"/>'s in-port <paramref name="inPort"/>; <paramref name="edge"/> is null for an initial packet to a whole port.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Envelope Deliver(ActorCell cell, Edge? edge, int inPort, in Message message) =>
        new() { Cell = cell, Edge = edge, InPort = inPort, Message = message, Kind = EnvelopeKind.Deliver };

    /// <summary>A control envelope (Produce, Resume, Retry, Timer, Emit) for <paramref name="cell"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Envelope Control(ActorCell cell, EnvelopeKind kind) => new() { Cell = cell, Kind = kind };
}
