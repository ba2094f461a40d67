using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Reflow.Server.Workflows;

/// <summary>
/// One thing that happened to an execution, in the original's <c>WorkflowEvent</c> shapes: <see cref="ToJson"/> is its
/// serde form (webhook bodies: <c>event_type</c> externally tagged, <c>"Started"</c> or
/// <c>{"ActorFailed": {"actor_id": …, "error": …}}</c>); <see cref="DebugName"/> is the Rust <c>{:?}</c> text its
/// <c>/ws</c> stream, trace webhook and <c>X-Reflow-Event-Type</c> header carried (<c>ActorFailed { actor_id: "a", error: "…" }</c>).
/// </summary>
internal sealed record WorkflowEvent(
    string WorkflowId,
    string ExecutionId,
    WorkflowEventType Type,
    DateTimeOffset Timestamp,
    JsonNode? Data,
    string? ActorId = null,
    string? Error = null)
{
    /// <summary>A header value carries at most this much of <see cref="DebugName"/> (an error's text can be long).</summary>
    private const int HeaderLimit = 1024;

    /// <summary>Milliseconds since the Unix epoch, as the original's <c>timestamp</c>.</summary>
    public long UnixMilliseconds => Timestamp.ToUnixTimeMilliseconds();

    /// <summary>Whether the execution ends with this event.</summary>
    public bool IsTerminal => Type is WorkflowEventType.Completed or WorkflowEventType.Failed or WorkflowEventType.Cancelled;

    /// <summary>The serde form of <c>event_type</c>: a unit variant is its name, a struct variant <c>{name: {fields}}</c>.</summary>
    public JsonNode EventTypeJson()
    {
        JsonObject? fields = Fields();
        return fields is null ? JsonValue.Create(Type.ToString()) : new JsonObject { [Type.ToString()] = fields };
    }

    /// <summary>The Rust <c>{:?}</c> text of <c>event_type</c>.</summary>
    public string DebugName()
    {
        var text = new StringBuilder(Type.ToString());
        if (ActorId is not null || Error is not null)
        {
            text.Append(" {");
            string separator = " ";
            if (ActorId is not null)
            {
                text.Append(separator).Append("actor_id: ").Append(DebugString(ActorId));
                separator = ", ";
            }

            if (Error is not null)
            {
                text.Append(separator).Append("error: ").Append(DebugString(Error));
            }

            text.Append(" }");
        }

        return text.ToString();
    }

    /// <summary><see cref="DebugName"/> as an HTTP header value: ASCII only (others escaped as Rust does, <c>\u{e9}</c>), at most <see cref="HeaderLimit"/> characters.</summary>
    public string HeaderValue()
    {
        var text = new StringBuilder();
        foreach (char c in DebugName())
        {
            if (c is >= ' ' and <= '~')
            {
                text.Append(c);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:x}}}");
            }
        }

        return text.Length <= HeaderLimit ? text.ToString() : text.ToString(0, HeaderLimit - 3) + "...";
    }

    /// <summary>The original's serde <c>WorkflowEvent</c>: the body of a <c>webhook_url</c> POST.</summary>
    public JsonObject ToJson() => new()
    {
        ["workflow_id"] = WorkflowId,
        ["execution_id"] = ExecutionId,
        ["event_type"] = EventTypeJson(),
        ["timestamp"] = UnixMilliseconds,
        ["data"] = Data?.DeepClone(),
    };

    /// <summary>
    /// The original's <c>/ws</c> message for an event (<c>type: workflow_event</c>, <c>event_type</c> the <c>{:?}</c>
    /// text), with the serde form added as <c>event</c> so a client need not parse that text.
    /// </summary>
    public JsonObject ToSocketJson() => new()
    {
        ["type"] = "workflow_event",
        ["execution_id"] = ExecutionId,
        ["workflow_id"] = WorkflowId,
        ["event_type"] = DebugName(),
        ["event"] = EventTypeJson(),
        ["timestamp"] = UnixMilliseconds,
        ["data"] = Data?.DeepClone(),
    };

    /// <summary>The original's trace-webhook body.</summary>
    public JsonObject ToTraceJson() => new()
    {
        ["execution_id"] = ExecutionId,
        ["workflow_id"] = WorkflowId,
        ["event_type"] = DebugName(),
        ["timestamp"] = UnixMilliseconds,
        ["data"] = Data?.DeepClone(),
        ["source"] = "reflow_server",
    };

    private JsonObject? Fields()
    {
        if (ActorId is null && Error is null)
        {
            return null;
        }

        var fields = new JsonObject();
        if (ActorId is not null)
        {
            fields["actor_id"] = ActorId;
        }

        if (Error is not null)
        {
            fields["error"] = Error;
        }

        return fields;
    }

    /// <summary>A string as Rust's <c>{:?}</c> writes it: quoted, with <c>"</c>, <c>\</c> and control characters escaped.</summary>
    private static string DebugString(string value)
    {
        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => string.Create(CultureInfo.InvariantCulture, $"\\u{{{(int)c:x}}}"),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }
}
