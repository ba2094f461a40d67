using System.Globalization;
using System.Text;
using System.Text.Json;
using Reflow.Distributed.Cluster;

namespace Reflow.Cli.Running;

/// <summary>The summary of <c>reflow run --cluster</c>: the run's status, every part (by node) and every remote edge.</summary>
internal sealed class DistributedRunReport(OutputFormat format, TextWriter output)
{
    public void Summary(string graph, string status, bool succeeded, DistributedRunResult? result, IReadOnlyDictionary<string, long> accepted, IReadOnlyDictionary<string, long> received)
    {
        if (format == OutputFormat.Json)
        {
            output.WriteLine(RunReport.Json(w => WriteSummary(w, graph, status, succeeded, result, accepted, received)));
            return;
        }

        var text = new StringBuilder();
        text.AppendLine().AppendLine($"── {graph}: {status}");
        if (result is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"run           {result.RunId} on {result.Parts.Count} nodes");
            text.AppendLine(CultureInfo.InvariantCulture, $"elapsed       {Units.Duration(result.Elapsed)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"messages      {result.Messages:N0}");
            text.AppendLine(CultureInfo.InvariantCulture, $"failures      {result.Failures:N0}");
            text.AppendLine(CultureInfo.InvariantCulture, $"lost          {result.Lost:N0}");
        }

        RunReport.AppendPortCounts(text, accepted, received);

        if (result is not null)
        {
            int width = Math.Max(4, result.Parts.Max(p => p.Node.Length));
            text.AppendLine(CultureInfo.InvariantCulture, $"{"node".PadRight(width)}  {"state",-9}  {"messages",12}  {"failures",8}  {"dead",8}  {"elapsed",9}");
            foreach (DistributedPartResult part in result.Parts)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{part.Node.PadRight(width)}  {part.State,-9}  {part.Messages,12:N0}  {part.Failures,8:N0}  {part.DeadLetters,8:N0}  {Units.Duration(part.Elapsed),9}");
                if (part.Error is not null)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"{"".PadRight(width)}  {part.Error}");
                }

                foreach (string failure in part.FailureTexts)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"{"".PadRight(width)}  failure: {failure}");
                }
            }

            foreach (RemoteEdgeStatistics edge in result.Edges)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"edge {edge.Id}  {Where(edge.FromNode)}:{edge.From} -> {Where(edge.ToNode)}:{edge.To}  {Mode(edge.Delivery)}  sent {edge.Sent:N0}, received {edge.Received:N0}, lost {edge.Lost:N0}, {edge.Frames:N0} frames, {Units.Bytes(edge.Bytes)}");
            }
        }

        output.Write(text.ToString());
    }

    private static string Where(string node) => node.Length == 0 ? "(coordinator)" : node;

    private static string Mode(Distributed.DeliveryMode mode) => mode == Distributed.DeliveryMode.AtMostOnce ? "at-most-once" : "at-least-once";

    private static void WriteSummary(Utf8JsonWriter w, string graph, string status, bool succeeded, DistributedRunResult? result, IReadOnlyDictionary<string, long> accepted, IReadOnlyDictionary<string, long> received)
    {
        w.WriteStartObject("summary");
        w.WriteString("graph", graph);
        w.WriteString("status", status);
        w.WriteBoolean("succeeded", succeeded);
        if (result is not null)
        {
            w.WriteString("runId", result.RunId);
            w.WriteNumber("elapsedMs", result.Elapsed.TotalMilliseconds);
            w.WriteNumber("messages", result.Messages);
            w.WriteNumber("failures", result.Failures);
            w.WriteNumber("lost", result.Lost);
            w.WriteStartArray("nodes");
            foreach (DistributedPartResult part in result.Parts)
            {
                w.WriteStartObject();
                w.WriteString("node", part.Node);
                w.WriteString("state", part.State);
                w.WriteNumber("messages", part.Messages);
                w.WriteNumber("failures", part.Failures);
                w.WriteNumber("deadLetters", part.DeadLetters);
                w.WriteNumber("elapsedMs", part.Elapsed.TotalMilliseconds);
                if (part.Error is not null)
                {
                    w.WriteString("error", part.Error);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("edges");
            foreach (RemoteEdgeStatistics edge in result.Edges)
            {
                w.WriteStartObject();
                w.WriteNumber("id", edge.Id);
                w.WriteString("from", edge.From);
                w.WriteString("to", edge.To);
                w.WriteString("fromNode", edge.FromNode);
                w.WriteString("toNode", edge.ToNode);
                w.WriteString("delivery", Mode(edge.Delivery));
                w.WriteNumber("sent", edge.Sent);
                w.WriteNumber("received", edge.Received);
                w.WriteNumber("lost", edge.Lost);
                w.WriteNumber("frames", edge.Frames);
                w.WriteNumber("bytes", edge.Bytes);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        RunReport.WritePortCounts(w, accepted, received);
        w.WriteEndObject();
    }
}
