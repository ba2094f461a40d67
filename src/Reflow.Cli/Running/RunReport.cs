using System.Globalization;
using System.Text;
using System.Text.Json;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Cli.Running;

/// <summary>
/// Writes what a run produces: each exported out-port value as it arrives, failures and events on the error stream,
/// and the summary at the end; as lines for people (<see cref="OutputFormat.Text"/>) or JSON lines for programs
/// (<see cref="OutputFormat.Json"/>: <c>{"port":…,"value":…}</c> lines, then one <c>{"summary":…}</c> line).
/// </summary>
internal sealed class RunReport(OutputFormat format, TextWriter output, TextWriter error)
{
    /// <summary>Failures printed one by one; past this they are only counted (the summary has the per-node totals).</summary>
    private const int FailuresShown = 10;

    private int _failures;

    public void Value(string port, Message message)
    {
        if (format == OutputFormat.Json)
        {
            output.WriteLine(Json(w =>
            {
                w.WriteString("port", port);
                w.WritePropertyName("value");
                MessageJson.Write(w, message);
            }));
        }
        else
        {
            output.WriteLine($"{port}: {MessageJson.ToJson(message)}");
        }
    }

    public void Event(NetworkEvent e) => error.WriteLine(format == OutputFormat.Json ? EventJson(e) : "event: " + e);

    /// <summary>An actor failure, shown as it happens (the first few; the rest are counted).</summary>
    public void Failure(NetworkEvent e)
    {
        int count = Interlocked.Increment(ref _failures);
        if (count <= FailuresShown)
        {
            error.WriteLine($"reflow: node '{e.NodeId}' failed: {e.Exception?.GetType().Name}: {e.Exception?.Message}");
        }
        else if (count == FailuresShown + 1)
        {
            error.WriteLine("reflow: more failures follow; only their count is shown (see the summary).");
        }
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
            text.AppendLine(CultureInfo.InvariantCulture, $"dead letters  {r.DeadLetters:N0}");
        }

        foreach ((string port, long count) in outcome.Accepted)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"input  {port}: {count:N0} accepted");
        }

        foreach ((string port, long count) in outcome.Received)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"output {port}: {count:N0}");
        }

        if (outcome.Result is { Nodes.Count: > 0 } result)
        {
            int width = Math.Max(4, result.Nodes.Max(n => n.Id.Length));
            text.AppendLine(CultureInfo.InvariantCulture, $"{"node".PadRight(width)}  {"calls",12}  {"errors",8}  {"dropped",8}");
            foreach (NodeStatistics node in result.Nodes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{node.Id.PadRight(width)}  {node.Invocations,12:N0}  {node.Errors,8:N0}  {node.Dropped,8:N0}");
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
            w.WriteNumber("deadLetters", r.DeadLetters);
            w.WriteStartArray("nodes");
            foreach (NodeStatistics node in r.Nodes)
            {
                w.WriteStartObject();
                w.WriteString("id", node.Id);
                w.WriteNumber("invocations", node.Invocations);
                w.WriteNumber("errors", node.Errors);
                w.WriteNumber("dropped", node.Dropped);
                w.WriteString("state", node.State.ToString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        WriteCounts(w, "inputs", outcome.Accepted);
        WriteCounts(w, "outputs", outcome.Received);
        w.WriteEndObject();
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
