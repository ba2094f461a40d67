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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PublishMessageSent(Edge edge, in Message message) =>
        _run.Events.PublishMessage(edge.NextEventSequence(), static s => s.Cell.MessageSent(s.Edge, s.Message), (Cell: this, Edge: edge, Message: message));

    private NetworkEvent MessageSent(Edge edge, in Message message)
    {
        string from = Node.Component.Description.OutPorts[edge.SourcePort].Name + Element(edge.SourceElement);
        string to = edge.Target is { } target ? $"{target.Node.Id}.{target.Node.Component.Description.InPorts[edge.TargetPort].Name}{Element(edge.TargetElement)}" : "(host)";
        return new NetworkEvent(NetworkEventKind.MessageSent, _run.Events.Now, Node.Id, $"{from} -> {to}", message) { EdgeId = edge.Id, Sequence = edge.EventSequence };
    }

    private static string Element(int element) => element < 0 ? "" : $"[{element}]";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordProcessingTime(long started) =>
        _processingTime.Record(
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, _run.NetworkTag, new KeyValuePair<string, object?>("reflow.node", Node.Id));

    private void TraceFailure(Exception exception, string? port)
    {
        using Activity? activity = RunTracing.ActivitySource.StartActivity("reflow.actor.failed", ActivityKind.Internal, _run.RunActivity);
        activity?.SetTag("reflow.node", Node.Id).SetTag("reflow.port", port).SetTag("exception.type", exception.GetType().FullName)
            .SetTag("exception.message", exception.Message).SetStatus(ActivityStatusCode.Error, exception.Message);
    }
}
