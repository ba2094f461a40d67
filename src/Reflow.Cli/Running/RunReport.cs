using System.Globalization;
using System.Text;
using System.Text.Json;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Cli.Running;

/// <summary>
/// Writes what a run produces: each exported out-port value as it arrives, failures and events on the error stream,
/// and the summary at the end; as lines for people (<see cref="OutputFormat.Text"/>) or JSON lines for programs
/// (<see cref="OutputFormat.Json"/>: <c>{"port":…,"value":…}</c> lines, then one <c>{"summary":…}</c> line).
/// A bracket, which has no plain JSON form, is written as <c>port: OpenBracket "g1"</c> in text and as
/// <c>{"port":…,"bracket":"open"|"close"}</c> in JSON, with <c>"value"</c> only when the bracket carries one.
/// </summary>
internal sealed class RunReport(OutputFormat format, TextWriter output, TextWriter error)
{
    /// <summary>Failures printed one by one, as they happen and again in the summary; past this they are only counted.</summary>
    internal const int FailuresShown = 10;

    private int _failures;

    public void Value(string port, Message message)
    {
        if (format == OutputFormat.Json)
        {
            output.WriteLine(Json(w =>
            {
                w.WriteString("port", port);
                Message value = message;
                if (message.IsBracket)
                {
                    // A property of its own, so a program never mistakes a group boundary for a value.
                    w.WriteString("bracket", message.IsOpenBracket ? "open" : "close");
                    if (!message.TryGetBracketValue(out value))
                    {
                        return;
                    }
                }

                w.WritePropertyName("value");
                MessageJson.Write(w, value);
            }));
        }
        else
        {
            output.WriteLine($"{port}: {(message.IsBracket ? message.ToString() : MessageJson.ToJson(message))}");
        }
    }

    public void Event(NetworkEvent e) => error.WriteLine(format == OutputFormat.Json ? EventJson(e) : "event: " + e);

    /// <summary>An actor failure, shown as it happens (the first few; the rest are counted).</summary>
    public void Failure(NetworkEvent e)
    {
        int count = Interlocked.Increment(ref _failures);
        if (count <= FailuresShown)
        {
            string what = e.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message}"
                : $"an Error message on out-port '{e.Port}', which has no edge: {(e.Message is { } m && m.TryGetError(out string? text) ? text : "")}";
            error.WriteLine($"reflow: node '{e.NodeId}' failed: {what}");
        }
        else if (count == FailuresShown + 1)
        {
            error.WriteLine("reflow: more failures follow; only their count is shown (see the summary).");
        }
    }

    /// <summary>A node's log line (a script's console.log): <c>[node] text</c>, or <c>[node] warn: text</c> for another level, on the error stream.</summary>
    public void Log(NetworkEvent e)
    {
        string text = e.Message is { } m && m.Kind == MessageKind.String ? m.AsString() : "";
        if (format == OutputFormat.Json)
        {
            error.WriteLine(EventJson(e));
            return;
        }

        error.WriteLine(e.Port is null or "log" or "info" ? $"[{e.NodeId}] {text}" : $"[{e.NodeId}] {e.Port}: {text}");
    }

    public void Problem(string message) => error.WriteLine("reflow: " + message);

    public void Summary(string graph, RunOutcome outcome)
    {
        if (format == OutputFormat.Json)
        {
            output.WriteLine(Json(w => WriteSummary(w, graph, outcome)));
            return;
        }

        var text = new StringBuilder();
        text.AppendLine().AppendLine($"── {graph}: {outcome.Status}");
        if (outcome.Result is { } r)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"elapsed       {Units.Duration(r.Elapsed)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"messages      {r.Messages:N0} ({Units.Rate(outcome.MessagesPerSecond)} msg/s)");
            text.AppendLine(CultureInfo.InvariantCulture, $"errors        {r.Errors:N0}");
            text.AppendLine(CultureInfo.InvariantCulture, $"failures      {FailureCounts(r)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"dead letters  {DeadLetterCounts(r)}");
            AppendFailures(text, r);
        }

        AppendPortCounts(text, outcome.Accepted, outcome.Received);

        if (outcome.Result is { Nodes.Count: > 0 } result)
        {
            int width = Math.Max(4, result.Nodes.Max(n => n.Id.Length));
            text.AppendLine(CultureInfo.InvariantCulture, $"{"node".PadRight(width)}  {"calls",12}  {"errors",8}  {"failures",8}  {"uncaught",8}  {"dropped",8}");
            foreach (NodeStatistics node in result.Nodes)
            {
                string uncaught = node.UncaughtFailures.ToString("N0", CultureInfo.InvariantCulture) + (node.IgnoresFailures && node.UncaughtFailures > 0 ? " (ignored)" : "");
                text.AppendLine(CultureInfo.InvariantCulture, $"{node.Id.PadRight(width)}  {node.Invocations,12:N0}  {node.Errors,8:N0}  {node.Failures,8:N0}  {uncaught,8}  {node.Dropped,8:N0}");
            }
        }

        output.Write(text.ToString());
    }

    private static void WriteSummary(Utf8JsonWriter w, string graph, RunOutcome outcome)
    {
        w.WriteStartObject("summary");
        w.WriteString("graph", graph);
        w.WriteString("status", outcome.Status);
        w.WriteBoolean("succeeded", outcome.Succeeded);
        if (outcome.Result is { } r)
        {
            w.WriteNumber("elapsedMs", r.Elapsed.TotalMilliseconds);
            w.WriteNumber("messages", r.Messages);
            w.WriteNumber("messagesPerSecond", Math.Round(outcome.MessagesPerSecond, 1));
            w.WriteNumber("errors", r.Errors);
            w.WriteNumber("failures", r.FailureCount);
            w.WriteNumber("uncaughtFailures", r.UncaughtFailures);
            w.WriteNumber("ignoredFailures", r.IgnoredFailures);
            w.WriteNumber("deadLetters", r.DeadLetters);
            w.WriteNumber("deadLettersFromFailures", r.DeadLettersFromFailures);
            w.WriteStartObject("deadLettersByReason");
            foreach ((DeadLetterReason reason, long count) in r.DeadLettersByReason)
            {
                w.WriteNumber(reason.ToString(), count);
            }

            w.WriteEndObject();
            w.WriteStartArray("firstFailures");
            foreach (ActorFailure failure in r.Failures)
            {
                w.WriteStartObject();
                w.WriteString("node", failure.NodeId);
                w.WriteString("port", failure.Port);
                w.WriteString("message", failure.Message);
                w.WriteString("exceptionType", failure.ExceptionType);
                w.WriteString("handling", failure.Handling.ToString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("nodes");
            foreach (NodeStatistics node in r.Nodes)
            {
                w.WriteStartObject();
                w.WriteString("id", node.Id);
                w.WriteNumber("invocations", node.Invocations);
                w.WriteNumber("errors", node.Errors);
                w.WriteNumber("failures", node.Failures);
                w.WriteNumber("uncaughtFailures", node.UncaughtFailures);
                w.WriteBoolean("ignoresFailures", node.IgnoresFailures);
                w.WriteNumber("dropped", node.Dropped);
                w.WriteNumber("deadLetters", node.DeadLetters);
                w.WriteString("state", node.State.ToString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        WritePortCounts(w, outcome.Accepted, outcome.Received);
        w.WriteEndObject();
    }

    /// <summary>"3 (1 uncaught, 1 ignored, 1 caught)": how the run's failures were handled.</summary>
    private static string FailureCounts(NetworkRunResult r)
    {
        if (r.FailureCount == 0)
        {
            return "0";
        }

        long caught = r.FailureCount - r.UncaughtFailures - r.IgnoredFailures;
        return string.Create(CultureInfo.InvariantCulture, $"{r.FailureCount:N0} ({r.UncaughtFailures:N0} uncaught, {r.IgnoredFailures:N0} ignored by policy, {caught:N0} caught by an error edge)");
    }

    /// <summary>"2 (2 ActorStopped, 2 lost to failures)": the dead letters by reason.</summary>
    private static string DeadLetterCounts(NetworkRunResult r)
    {
        if (r.DeadLetters == 0)
        {
            return "0";
        }

        IEnumerable<string> reasons = r.DeadLettersByReason.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value:N0} {p.Key}"));
        string lost = r.DeadLettersFromFailures > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {r.DeadLettersFromFailures:N0} lost to failures") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{r.DeadLetters:N0} ({string.Join(", ", reasons)}{lost})");
    }

    /// <summary>The first failures in full, then how many more there were.</summary>
    private static void AppendFailures(StringBuilder text, NetworkRunResult r)
    {
        int shown = Math.Min(r.Failures.Count, FailuresShown);
        for (int i = 0; i < shown; i++)
        {
            text.Append("  ").AppendLine(r.Failures[i].ToString());
        }

        if (r.FailureCount > shown)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  … and {r.FailureCount - shown:N0} more");
        }
    }

    /// <summary>The summary's lines of what each exported in-port accepted and each out-port emitted.</summary>
    internal static void AppendPortCounts(StringBuilder text, IReadOnlyDictionary<string, long> accepted, IReadOnlyDictionary<string, long> received)
    {
        foreach ((string port, long count) in accepted)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"input  {port}: {count:N0} accepted");
        }

        foreach ((string port, long count) in received)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"output {port}: {count:N0}");
        }
    }

    /// <summary>The JSON summary's <c>inputs</c> and <c>outputs</c>: counts by exported port.</summary>
    internal static void WritePortCounts(Utf8JsonWriter w, IReadOnlyDictionary<string, long> accepted, IReadOnlyDictionary<string, long> received)
    {
        WriteCounts(w, "inputs", accepted);
        WriteCounts(w, "outputs", received);
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, long> counts)
    {
        w.WriteStartObject(name);
        foreach ((string port, long count) in counts)
        {
            w.WriteNumber(port, count);
        }

        w.WriteEndObject();
    }

    private static string EventJson(NetworkEvent e) => Json(w =>
    {
        w.WriteString("event", e.Kind.ToString());
        w.WriteString("time", e.Timestamp);
        if (e.NodeId is not null)
        {
            w.WriteString("node", e.NodeId);
        }

        if (e.Port is not null)
        {
            w.WriteString("port", e.Port);
        }

        if (e.Exception is not null)
        {
            w.WriteString("error", e.Exception.Message);
        }

        if (e.Nodes.Count > 0)
        {
            w.WriteStartArray("nodes");
            foreach (string node in e.Nodes)
            {
                w.WriteStringValue(node);
            }

            w.WriteEndArray();
        }
    });

    /// <summary>One JSON object, written by <paramref name="body"/>, as a line.</summary>
    internal static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        // Relaxed escaping: the output is read by people too, and "→" or quotes in a value need no \u escapes in JSON text.
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
