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
}
