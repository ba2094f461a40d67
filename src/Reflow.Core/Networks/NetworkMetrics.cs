using System.Diagnostics;
using System.Diagnostics.Metrics;
using Reflow.Scheduling;

namespace Reflow.Networks;

/// <summary>
/// The network's <see cref="System.Diagnostics.Metrics"/> instruments, on a meter named <see cref="MeterName"/>.
/// </summary>
/// <remarks>
/// Counters and gauges are observable: they read the counts the runtime keeps anyway when a listener collects,
/// so they cost nothing on the hot path. The invocation-duration histogram is recorded only while a listener has it
/// enabled (the runtime tests <see cref="Instrument.Enabled"/> once per invocation). Every instrument is listed, with
/// its unit, tags and cost, in docs/observability.md; a test keeps that list equal to what this meter publishes.
/// </remarks>
internal sealed class NetworkMetrics : IDisposable
{
    public const string MeterName = "Reflow.Network";
    public const string ActivitySourceName = RunTracing.ActivitySourceName;

    private readonly Meter _meter;

    public NetworkMetrics(string network, ActorCell[] cells, Edge[] edges, Func<Edge, EdgeStatistics> describe, DeadLetterSink deadLetters)
    {
        _meter = new Meter(MeterName, typeof(NetworkMetrics).Assembly.GetName().Version?.ToString());
        var networkTag = new KeyValuePair<string, object?>("reflow.network", network);

        // The tags are made on the first collection, not here: a network nobody measures (100 000 actors, say)
        // does not keep two tag arrays per node and edge.
        KeyValuePair<string, object?>[][]? edgeTags = null;
        KeyValuePair<string, object?>[][]? nodeTags = null;
        KeyValuePair<string, object?>[][] EdgeTags() => LazyInitializer.EnsureInitialized(ref edgeTags, () =>
        {
            var tags = new KeyValuePair<string, object?>[edges.Length][];
            for (int i = 0; i < edges.Length; i++)
            {
                EdgeStatistics e = describe(edges[i]);
                tags[i] = [networkTag, new("reflow.edge", $"{e.From}.{e.FromPort} -> {e.To}.{e.ToPort}")];
            }

            return tags;
        });
        KeyValuePair<string, object?>[][] NodeTags() => LazyInitializer.EnsureInitialized(ref nodeTags, () =>
        {
            var tags = new KeyValuePair<string, object?>[cells.Length][];
            for (int i = 0; i < cells.Length; i++)
            {
                tags[i] = [networkTag, new("reflow.node", cells[i].Node.Id)];
            }

            return tags;
        });

        _meter.CreateObservableCounter("reflow.edge.messages", () => Observe(edges, EdgeTags(), e => e.Delivered), "{message}", "Messages handled per edge.");
        _meter.CreateObservableUpDownCounter("reflow.edge.queue_depth", () => Observe(edges, EdgeTags(), e => (long)e.InFlight), "{message}", "Messages in flight on an edge (sent, not yet handled).");
        _meter.CreateObservableCounter("reflow.edge.backpressure.stalls", () => Observe(edges, EdgeTags(), e => e.Stalls), "{stall}", "Times a producer (a node's out-buffer or a host writer) waited for room on a full edge.");
        _meter.CreateObservableCounter("reflow.edge.backpressure.duration", () => ObserveSeconds(edges, EdgeTags(), e => e.StallSeconds), "s", "Time producers spent waiting for room on a full edge, summed over the waits that ended.");
        _meter.CreateObservableCounter("reflow.actor.invocations", () => Observe(cells, NodeTags(), c => c.Invocations), "{invocation}", "Actor invocations that returned normally.");
        _meter.CreateObservableCounter("reflow.actor.errors", () => Observe(cells, NodeTags(), c => c.Errors), "{error}", "Actor invocations that threw.");
        _meter.CreateObservableCounter("reflow.actor.failures", () => Observe(cells, NodeTags(), c => c.Failures), "{failure}", "Actor failures: calls that threw and Error messages emitted on out-ports with no edge.");
        _meter.CreateObservableCounter("reflow.actor.uncaught_failures", () => Observe(cells, NodeTags(), c => c.UncaughtFailures), "{failure}", "Actor failures nothing in the graph handled (including those the node's policy ignores).");
        _meter.CreateObservableCounter("reflow.actor.dropped", () => Observe(cells, NodeTags(), c => c.Dropped), "{message}", "Messages a node did not pass on or handle: emissions with no edge and its dead letters.");
        _meter.CreateObservableCounter("reflow.dead_letters", () => ObserveDeadLetters(deadLetters, networkTag), "{message}", "Messages that could not be delivered, by reason (reflow.dead_letter.reason).");
        ProcessingTime = _meter.CreateHistogram<double>("reflow.actor.invocation.duration", "s", "Time an actor spends on one invocation.");
        NetworkTag = networkTag;
    }

    /// <summary>The source of the network's traces: a run activity, and one per actor failure (<see cref="RunTracing"/>).</summary>
    public static ActivitySource ActivitySource => RunTracing.ActivitySource;

    public Histogram<double> ProcessingTime { get; }

    public KeyValuePair<string, object?> NetworkTag { get; }

    private static IEnumerable<Measurement<long>> Observe<T>(T[] items, KeyValuePair<string, object?>[][] tags, Func<T, long> read)
    {
        var measurements = new Measurement<long>[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            measurements[i] = new Measurement<long>(read(items[i]), tags[i]);
        }

        return measurements;
    }

    private static IEnumerable<Measurement<double>> ObserveSeconds(Edge[] edges, KeyValuePair<string, object?>[][] tags, Func<Edge, double> read)
    {
        var measurements = new Measurement<double>[edges.Length];
        for (int i = 0; i < edges.Length; i++)
        {
            measurements[i] = new Measurement<double>(read(edges[i]), tags[i]);
        }

        return measurements;
    }

    /// <summary>One measurement per reason that occurred (a counter's series appears with its first dead letter).</summary>
    private static IEnumerable<Measurement<long>> ObserveDeadLetters(DeadLetterSink deadLetters, KeyValuePair<string, object?> networkTag)
    {
        Dictionary<Actors.DeadLetterReason, long> counts = deadLetters.CountsByReason();
        var measurements = new Measurement<long>[counts.Count];
        int i = 0;
        foreach ((Actors.DeadLetterReason reason, long count) in counts)
        {
            measurements[i++] = new Measurement<long>(count, networkTag, new KeyValuePair<string, object?>("reflow.dead_letter.reason", ReasonName(reason)));
        }

        return measurements;
    }

    /// <summary>The reason as a tag value in the snake_case OpenTelemetry uses for enumerated attribute values.</summary>
    public static string ReasonName(Actors.DeadLetterReason reason) => reason switch
    {
        Actors.DeadLetterReason.ActorStopped => "actor_stopped",
        Actors.DeadLetterReason.CircuitOpen => "circuit_open",
        Actors.DeadLetterReason.NetworkStopped => "network_stopped",
        Actors.DeadLetterReason.IncompleteInputSet => "incomplete_input_set",
        _ => reason.ToString(),
    };

    public void Dispose() => _meter.Dispose();
}
