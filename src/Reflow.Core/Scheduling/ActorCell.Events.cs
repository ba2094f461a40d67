using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

// Events, dead letters, measurements and traces of one node: what hosts observe. Off the hot path: the
// per-message event is published only when a subscriber asked for message events.
internal sealed partial class ActorCell
{
    private void DeadLetter(in Envelope envelope, DeadLetterReason reason)
    {
        if (envelope.Message.IsEndOfEdge)
        {
            return; // the end of a stream is not a message: nothing was lost
        }

        CountDropped();
        CountDeadLetter(reason);
        _run.DeadLetters.Add(new DeadLetter(Node.Id, Node.Component.Description.InPorts[envelope.InPort].Name, envelope.Message, reason));
    }

    private void Publish(NetworkEventKind kind, ActorState state)
    {
        if (_run.Events.Enabled)
        {
            _run.Events.Publish(kind, Node.Id, state: state);
        }
    }

    /// <summary>
    /// A message subscriber arrived while the run goes on: from now on this cell counts and publishes the messages it
    /// sends. Any thread; the worker sees the flag at its next emission (a plain field: the hot path reads it unfenced).
    /// </summary>
    public void EnableMessageEvents() => Volatile.Write(ref _messageEvents, true);

    // The budgets of this cell's out-edges under a rate-limited subscription (EventHub.MessageBudget), found by a
    // scan from the last one used: a cell emits to its edges in the same order every time, so the scan is one step.
    // Only the cell's producing thread touches them, as Edge.NextEventSequence.
    private EventBudget[] _eventBudgets = [];
    private int _lastEventBudget;

    // Emission calls this only when Edge.CountEventMessage says to look: at each message, or under a budget only at
    // the messages its stride picks (and at the first after its worker noticed a new window).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PublishMessageSent(Edge edge, in Message message)
    {
        EventHub events = _run.Events;
        int budget = events.MessageBudget;
        long sequence;
        if (budget > 0)
        {
            if (!BudgetOf(edge).Look(events.Window, budget, out sequence))
            {
                return;
            }
        }
        else
        {
            sequence = edge.NextEventSequence(out _); // every message counts, reported or not: the gaps show what was not
        }

        events.PublishMessage(sequence, static s => s.Cell.MessageSent(s.Edge, s.Message), (Cell: this, Edge: edge, Message: message));
    }

    /// <summary>This cell is gone (collected, or removed by a live edit): its worker forgets its edges' budgets. Its worker's thread.</summary>
    private void RetireEventBudgets()
    {
        foreach (EventBudget budget in _eventBudgets)
        {
            budget.Retired = true;
        }

        _eventBudgets = [];
    }

    private EventBudget BudgetOf(Edge edge)
    {
        EventBudget[] budgets = _eventBudgets;
        for (int i = 0, at = _lastEventBudget; i < budgets.Length; i++, at = at + 1 == budgets.Length ? 0 : at + 1)
        {
            if (ReferenceEquals(budgets[at].Edge, edge))
            {
                _lastEventBudget = at + 1 == budgets.Length ? 0 : at + 1;
                return budgets[at];
            }
        }

        var added = new EventBudget(edge); // an edge's first reported message (or an edge added while the run goes on)
        _eventBudgets = [.. budgets, added];
        Worker.AddEventBudget(added); // this thread is the cell's worker (see Emit), or the run has not started
        _lastEventBudget = 0;
        return added;
    }

    private NetworkEvent MessageSent(Edge edge, in Message message) =>
        new(NetworkEventKind.MessageSent, _run.Events.Now, Node.Id, edge.EventPort(s_eventPort), message) { EdgeId = edge.Id, Sequence = edge.EventSequence };

    // Made once per edge: a watched edge reports up to its budget every second, each event naming it.
    private static readonly Func<Edge, string> s_eventPort = static edge =>
    {
        string from = edge.Source!.Node.Component.Description.OutPorts[edge.SourcePort].Name + Element(edge.SourceElement);
        string to = edge.Target is { } target ? $"{target.Node.Id}.{target.Node.Component.Description.InPorts[edge.TargetPort].Name}{Element(edge.TargetElement)}" : "(host)";
        return $"{from} -> {to}";
    };

    private static string Element(int element) => element < 0 ? "" : $"[{element}]";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordProcessingTime(long started) =>
        _processingTime.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds, _run.NetworkTag, new KeyValuePair<string, object?>("reflow.node", Node.Id));

    private void TraceFailure(Exception exception, string? port)
    {
        using Activity? activity = RunTracing.ActivitySource.StartActivity("reflow.actor.failed", ActivityKind.Internal, _run.RunActivity);
        activity?.SetTag("reflow.node", Node.Id).SetTag("reflow.port", port).SetTag("exception.type", exception.GetType().FullName)
            .SetTag("exception.message", exception.Message).SetStatus(ActivityStatusCode.Error, exception.Message);
    }
}
