using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>
/// The input set of an await-mode actor (see <see cref="Actors.InputMode"/>): per in-port, the queued messages
/// (each keeps its edge credit until its set fires), whether the port is required, and an optional port's latest
/// value. Each-message actors share <see cref="None"/>, so they keep no arrays of their own. A batch actor's inbox
/// (<see cref="Batch"/>) hangs here too: it is the other input that is not handed over message by message, and an
/// extra field on every cell would cost every idle actor 8 bytes.
/// </summary>
internal sealed class AwaitInputs
{
    public static readonly AwaitInputs None = new(0);

    public AwaitInputs(int inPorts)
    {
        PortQueues = inPorts == 0 ? [] : new Queue<Envelope>[inPorts];
        Required = inPorts == 0 ? [] : new bool[inPorts];
        Latest = inPorts == 0 ? [] : new Message[inPorts];
        HasLatest = inPorts == 0 ? [] : new bool[inPorts];
        Taken = inPorts == 0 ? [] : new Envelope[inPorts];
        for (int port = 0; port < inPorts; port++)
        {
            PortQueues[port] = new Queue<Envelope>();
        }
    }

    public Queue<Envelope>[] PortQueues { get; }

    public bool[] Required { get; }

    public Message[] Latest { get; }

    public bool[] HasLatest { get; }

    /// <summary>The envelopes of the set being handled, whose credits return after the call.</summary>
    public Envelope[] Taken { get; }

    /// <summary>A batch actor's inbox (then there are no port queues); null for every other cell.</summary>
    public BatchInbox? Batch { get; init; }
}
