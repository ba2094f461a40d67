using System.Diagnostics;

namespace Reflow.Scheduling;

/// <summary>
/// A cell's share of message tracing (<c>NetworkOptions.TraceMessages</c>): the trace context its emissions carry now,
/// and the contexts of the messages waiting in its out-buffer. Made only for a traced network's cells; an untraced
/// cell keeps a null reference and tests it once per emission and invocation.
/// </summary>
internal sealed class CellTracing
{
    /// <summary>The span of the invocation under way (or default): the parent of what the actor emits.</summary>
    public ActivityContext Current;

    /// <summary>One context per message in the cell's out-buffer, in its order (markers have none); a field used in place.</summary>
    public CellQueue<ActivityContext> Held;

    /// <summary>
    /// Starts the span of one invocation with <paramref name="parent"/> (a message's context, or none for a source's
    /// chunk, which then starts a trace if the listener samples it) and makes it <see cref="Current"/>. The caller
    /// hands back what this returns to <see cref="End"/>.
    /// </summary>
    public (Activity? Span, Activity? Previous) Begin(string name, ActivityKind kind, in ActivityContext parent, string node, string? edge, KeyValuePair<string, object?> networkTag)
    {
        Activity? previous = Activity.Current;
        Activity.Current = null; // a span without a message parent is a root, not a child of whatever ran before on this thread
        Activity? span = RunTracing.ActivitySource.StartActivity(name, kind, parent);
        if (span is not null)
        {
            span.DisplayName = $"{name} {node}";
            if (span.IsAllDataRequested)
            {
                span.SetTag(networkTag.Key, networkTag.Value);
                span.SetTag("reflow.node", node);
                if (edge is not null)
                {
                    span.SetTag("reflow.edge", edge);
                }
            }
        }

        Current = span?.Context ?? default;
        return (span, previous);
    }

    /// <summary>Ends a span <see cref="Begin"/> started (marked as an error if the invocation failed) and restores the thread's current activity.</summary>
    public void End((Activity? Span, Activity? Previous) started, bool failed)
    {
        if (started.Span is { } span)
        {
            if (failed)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }

            span.Stop();
        }

        Current = default;
        Activity.Current = started.Previous;
    }
}
