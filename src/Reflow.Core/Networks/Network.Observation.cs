using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Scheduling;

namespace Reflow.Networks;

// Observation: event subscriptions (before or during a run) and snapshots of the run's counters, for hosts such as
// a protocol server that attach to a network already running and poll it.
public sealed partial class Network
{
    /// <summary>
    /// Subscribes to the network's events, before it starts or while it runs. Events are buffered per subscriber
    /// (<see cref="NetworkEventSubscription.Capacity"/>; past it the oldest are discarded and counted, message events
    /// apart from the others) and the reader completes when the run is over (at once, if it already is).
    /// </summary>
    /// <remarks>
    /// <para>Ordering: a subscriber receives every event published after this call returns, each once, and none
    /// published before it (nothing is replayed: a subscriber that attaches mid-run does not see
    /// <see cref="NetworkEventKind.NetworkStarted"/> or the actors' earlier events). Events of one node arrive in the order
    /// the node published them; events of different nodes, published by different workers, interleave.</para>
    /// <para>Message events (<see cref="NetworkEventSubscription.IncludeMessages"/>) cost nothing until the first such
    /// subscriber arrives; from then on every edge counts the messages sent on it, and each subscriber receives 1 in
    /// its <see cref="NetworkEventSubscription.MessageSampling"/> of them.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The capacity or the sampling is below 1.</exception>
    public ChannelReader<NetworkEvent> SubscribeEvents(NetworkEventSubscription? subscription = null)
    {
        subscription ??= new NetworkEventSubscription();
        ChannelReader<NetworkEvent> reader = _run.Events.Subscribe(subscription);
        if (subscription.IncludeMessages && Volatile.Read(ref _state) != NotStarted)
        {
            // Cells already started read the hub's flag at their start; tell them. A cell starting now reads it set.
            foreach (ActorCell cell in _cells)
            {
                cell.EnableMessageEvents();
            }
        }

        return reader;
    }

    /// <summary>
    /// The run's counters now: per edge its delivered count and queue depth, per node its state, invocations, errors
    /// and failures. Cheap enough to call ten times a second from any thread while the network runs: it reads counters
    /// the workers keep anyway, takes no lock and allocates only the snapshot.
    /// </summary>
    /// <remarks>
    /// Each counter is read once, without stopping the workers, so the counters of one snapshot are not taken at one
    /// instant: an edge's count may already include a message its target's invocation count does not yet. Every count
    /// only grows, so a later snapshot never shows less; once the run is over a snapshot equals
    /// <see cref="NetworkRunResult.Edges"/> and <see cref="NetworkRunResult.Nodes"/>.
    /// </remarks>
    public NetworkSnapshot GetSnapshot()
    {
        var edges = new EdgeSnapshot[_edges.Length];
        for (int i = 0; i < edges.Length; i++)
        {
            Edge edge = _edges[i];
            edges[i] = new EdgeSnapshot(edge.Id, edge.Delivered, edge.InFlight);
        }

        var nodes = new NodeSnapshot[_cells.Length];
        long uncaught = 0, lost = 0;
        for (int i = 0; i < nodes.Length; i++)
        {
            ActorCell cell = _cells[i];
            nodes[i] = new NodeSnapshot(cell.Node.Id, cell.State, cell.Invocations, cell.Errors, cell.Failures, cell.Dropped);
            if (!cell.IgnoresFailures) // the same rule as NetworkStatistics.WithFailures, so a snapshot after the run equals the result
            {
                uncaught += cell.UncaughtFailures;
                lost += cell.DeadLettersFromFailures;
            }
        }

        return new NetworkSnapshot(_clock.Elapsed, edges, nodes)
        {
            DeadLetters = _run.DeadLetters.Count,
            EventsDiscarded = _run.Events.Discarded,
            UncaughtFailures = uncaught,
            DeadLettersFromFailures = lost,
        };
    }
}
