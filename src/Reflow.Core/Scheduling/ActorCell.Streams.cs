using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// The end of the stream: end-of-edge markers, closed in-ports, OnInputsClosed, and the cell's own end (its
// out-edges closed). See docs/streams.md for the contract.
internal sealed partial class ActorCell
{
    bool IActorOutput.IsInPortClosed(int inPort) =>
        Volatile.Read(ref _side)?.Stream is { } stream ? stream.InputsClosed || stream.PortClosed[inPort] : !HasProducer(inPort);

    /// <summary>Whether anything (an edge, the host, an initial packet) is connected to <paramref name="inPort"/>.</summary>
    private bool HasProducer(int inPort)
    {
        foreach (Edge edge in InEdges)
        {
            if (edge.TargetPort == inPort)
            {
                return true;
            }
        }

        return false;
    }
}
