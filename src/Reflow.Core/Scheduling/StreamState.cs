namespace Reflow.Scheduling;

/// <summary>
/// A cell's end of stream: which of its producers are done, which in-ports are closed, whether the actor has seen
/// the end of its input and whether the cell is finished (its out-edges closed). Made on the cell's thread when the
/// first producer ends (or at the start, for a cell fed by initial packets), kept in its side channels: a cell pays
/// for it only at the end of its stream.
/// </summary>
internal sealed class StreamState(int inPorts, int openProducers)
{
    /// <summary>Producers not yet done: in-edges (the host's included) and groups of initial packets.</summary>
    public int OpenProducers = openProducers;

    /// <summary>Per in-port: closed (its last producer is done, and <c>OnInPortClosed</c> was called).</summary>
    public bool[] PortClosed { get; } = new bool[inPorts];

    /// <summary>Per in-port: something was connected to it (an edge, the host, initial packets).</summary>
    public bool[] Fed { get; } = new bool[inPorts];

    /// <summary>Initial-packet groups (port, index or -1) whose end marker has not arrived yet.</summary>
    public List<(int Port, int Element)> OpenInitials { get; } = [];

    /// <summary><c>OnInputsClosed</c> has been called: every producer is done.</summary>
    public bool InputsClosed;

    /// <summary>The cell is done: its out-edges carry their end markers and the run counts it finished.</summary>
    public bool Finished;
}
