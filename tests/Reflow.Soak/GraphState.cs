using System.Runtime.CompilerServices;
using System.Collections.Concurrent;

namespace Reflow.Soak;

/// <summary>
/// What the harness's components of one graph share, kept outside the actors so a restart (a fresh actor) keeps it:
/// the plan, the ledger, the fault counts, each relay's id counter and the first attempts of "flaky" messages.
/// </summary>
internal sealed class GraphState(GraphPlan plan)
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counters = new();
    private readonly ConcurrentDictionary<(string Node, string Id), bool> _attempted = new();

    public GraphPlan Plan { get; } = plan;

    public Ledger Ledger { get; } = new();

    public FaultCounts Faults { get; } = new();

    /// <summary>A fresh id for what <paramref name="node"/> emits next (unique in the graph, across restarts).</summary>
    public string NextId(string node) => $"{node}.{Interlocked.Increment(ref _counters.GetOrAdd(node, static _ => new StrongBox<long>()).Value)}";

    /// <summary>True the first time <paramref name="node"/> sees message <paramref name="id"/>.</summary>
    public bool FirstAttempt(string node, string id) => _attempted.TryAdd((node, id), true);

    /// <summary>Records <paramref name="message"/> as received by <paramref name="node"/> on its logical edge.</summary>
    public void Received(string node, SoakMessage message)
    {
        if (Plan.Incoming(node, message.From) is { } edge)
        {
            Ledger.RecordReceived(edge, message.Id);
        }
        else
        {
            Ledger.RecordStray($"node '{node}' received '{message}' from '{message.From}', which does not feed it");
        }
    }

    /// <summary>Records <paramref name="message"/> (already carrying the producer as from) on every logical edge out of <paramref name="node"/>.</summary>
    public void Produced(string node, SoakMessage message)
    {
        foreach (LogicalEdge edge in Plan.Outgoing(node))
        {
            Ledger.RecordProduced(edge, message.Id);
        }
    }
}
