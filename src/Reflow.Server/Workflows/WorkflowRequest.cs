using System.Text.Json;
using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Server.Workflows;

/// <summary>
/// The original's <c>WorkflowExecutionRequest</c>, read and checked before anything runs:
/// <c>{graph_json, input, metadata: {execution_id, workflow_id, source, webhook_url, webhook_headers,
/// trace_webhook_url, enable_tracing}}</c>. Keys the original did not know are ignored, as its serde did.
/// </summary>
/// <remarks>
/// Stricter than the original where it would only fail later: the graph must load against the server's components,
/// <c>input</c> must name exported in-ports, and webhook URLs must be http(s) to hosts the server's <c>net</c>
/// permission grants. More lenient where nothing depends on it: <c>execution_id</c> (a fresh one is made) and
/// <c>source</c> may be left out.
/// </remarks>
internal sealed record WorkflowRequest(
    string? ExecutionId,
    string WorkflowId,
    string? Source,
    JsonNode? Input,
    IReadOnlyList<(string Port, Message Message)> Inputs,
    NetworkDefinition Definition,
    Uri? WebhookUrl,
    IReadOnlyList<KeyValuePair<string, string>> WebhookHeaders,
    Uri? TraceWebhookUrl)
{
    /// <summary>The longest <c>execution_id</c> or <c>workflow_id</c> taken (they appear in URLs and headers).</summary>
    public const int MaxIdLength = 200;

    // Headers the server sets itself on a webhook POST; a client's webhook_headers may not replace them.
    private static readonly string[] s_reservedHeaders = ["Host", "Content-Type", "Content-Length", "Transfer-Encoding", "Connection"];

    /// <summary>Reads a request.</summary>
    /// <param name="root">The parsed body (or a <c>/ws</c> message's <c>data</c>).</param>
    /// <param name="where">How the request is named in errors (<c>the body</c>, <c>data</c>).</param>
    /// <param name="components">What graphs may use.</param>
    /// <param name="permissions">The server's grants: the graph's environment variables and the webhook hosts go through them.</param>
    /// <exception cref="WorkflowRequestException">Something is missing or wrong; the message names the field.</exception>
    public static WorkflowRequest Parse(JsonNode? root, string where, ComponentRegistry components, PermissionSet permissions)
    {
        if (root is not JsonObject body)
        {
            throw new WorkflowRequestException($"{where}: expected a JSON object {{\"graph_json\": …, \"input\": …, \"metadata\": {{\"workflow_id\": …}}}}, got {Kind(root)}.");
        }

        if (body["metadata"] is not JsonObject metadata)
        {
            throw new WorkflowRequestException($"{where}.metadata: expected an object with at least \"workflow_id\", got {Kind(body["metadata"])}.");
        }

        string workflowId = Id(metadata["workflow_id"], $"{where}.metadata.workflow_id", required: true)!;
        string? executionId = Id(metadata["execution_id"], $"{where}.metadata.execution_id", required: false);
        string? source = OptionalString(metadata["source"], $"{where}.metadata.source");
        Uri? webhook = Url(metadata["webhook_url"], $"{where}.metadata.webhook_url", permissions);
        Uri? trace = Url(metadata["trace_webhook_url"], $"{where}.metadata.trace_webhook_url", permissions);
        bool? tracing = metadata["enable_tracing"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue(out bool b) => b,
            JsonNode other => throw new WorkflowRequestException($"{where}.metadata.enable_tracing: expected true, false or null, got {Kind(other)}."),
        };
        IReadOnlyList<KeyValuePair<string, string>> headers = Headers(metadata["webhook_headers"], $"{where}.metadata.webhook_headers");

        NetworkDefinition definition = Graph(body["graph_json"], $"{where}.graph_json", components, permissions);
        JsonNode? input = body["input"];
        IReadOnlyList<(string, Message)> inputs = ReadInputs(input, $"{where}.input", definition);

        // A trace URL turns tracing on unless enable_tracing says false (the original needed both: one without the
        // other silently sent nothing).
        return new WorkflowRequest(executionId, workflowId, source, input?.DeepClone(), inputs, definition, webhook, headers, tracing == false ? null : trace);
    }

    private static NetworkDefinition Graph(JsonNode? node, string where, ComponentRegistry components, PermissionSet permissions)
    {
        if (node is not JsonObject graphJson)
        {
            throw new WorkflowRequestException($"{where}: expected a graph object (the original's GraphExport: processes, connections, inports, outports), got {Kind(node)}.");
        }

        string text = graphJson.ToJsonString();
        Graph graph;
        try
        {
            graph = GraphFile.Read(text, GraphFile.DetectJsonFormat(text), where);
        }
        catch (GraphFormatException ex)
        {
            throw new WorkflowRequestException($"{where}: not a valid graph: {ex.Message}");
        }

        try
        {
            // A node's env_vars name variables it reads: a client's graph gets only what the server grants.
            return GraphNetworkLoader.Load(graph, components, new GraphLoadOptions { EnvironmentVariables = permissions.GetEnvironmentVariable });
        }
        catch (GraphLoadException ex)
        {
            throw new WorkflowRequestException($"{where}: the graph cannot run on this server: {ex.Message}");
        }
    }

    private static List<(string, Message)> ReadInputs(JsonNode? input, string where, NetworkDefinition definition)
    {
        var inputs = new List<(string, Message)>();
        if (input is null)
        {
            return inputs;
        }

        if (input is not JsonObject ports)
        {
            throw new WorkflowRequestException($"{where}: expected an object of the graph's exported in-ports and the packet each gets ({PortList(definition)}), got {Kind(input)}.");
        }

        foreach ((string port, JsonNode? value) in ports)
        {
            if (!definition.InPorts.Any(p => p.Name == port))
            {
                throw new WorkflowRequestException($"{where}.{port}: the graph has no exported in-port \"{port}\" ({PortList(definition)}).");
            }

            try
            {
                inputs.Add((port, MessageJson.Parse(value?.ToJsonString() ?? "null")));
            }
            catch (MessageFormatException ex)
            {
                throw new WorkflowRequestException($"{where}.{port}: cannot be made a message: {ex.Message}");
            }
        }

        return inputs;
    }

    private static string PortList(NetworkDefinition definition) =>
        definition.InPorts.Length == 0 ? "it exports none" : "it exports: " + string.Join(", ", definition.InPorts.Select(p => p.Name).Order(StringComparer.Ordinal));

    private static Uri? Url(JsonNode? node, string where, PermissionSet permissions)
    {
        string? text = OptionalString(node, where);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || url.Scheme is not ("http" or "https"))
        {
            throw new WorkflowRequestException($"{where}: \"{text}\" is not an absolute http:// or https:// URL.");
        }

        // Refused now, not at delivery: a run whose webhook can never be delivered is not accepted.
        if (!permissions.TryCheckNet(url, out PermissionDeniedException? denial))
        {
            throw new WorkflowRequestException($"{where}: {url.GetLeftPart(UriPartial.Authority)} is not a host this server may send to: {denial.Message} (reflow serve's [permissions] or --allow-net).");
        }

        return url;
    }

    private static List<KeyValuePair<string, string>> Headers(JsonNode? node, string where)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (node is null)
        {
            return headers;
        }

        if (node is not JsonObject pairs)
        {
            throw new WorkflowRequestException($"{where}: expected an object of header names and string values, got {Kind(node)}.");
        }

        foreach ((string name, JsonNode? value) in pairs)
        {
            if (name.Length == 0 || !name.All(IsTokenChar))
            {
                throw new WorkflowRequestException($"{where}: \"{name}\" is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~).");
            }

            if (s_reservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) || name.StartsWith("X-Reflow-", StringComparison.OrdinalIgnoreCase))
            {
                throw new WorkflowRequestException($"{where}.{name}: set by the server itself; it cannot be given.");
            }

            string text = value is JsonValue v && v.TryGetValue(out string? s)
                ? s
                : throw new WorkflowRequestException($"{where}.{name}: expected a string, got {Kind(value)}.");
            if (text.Any(c => c is < ' ' or > '~' && c != '\t'))
            {
                throw new WorkflowRequestException($"{where}.{name}: a header value must be printable ASCII.");
            }

            headers.Add(KeyValuePair.Create(name, text));
        }

        return headers;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    private static string? Id(JsonNode? node, string where, bool required)
    {
        string? id = OptionalString(node, where);
        if (string.IsNullOrEmpty(id))
        {
            return required ? throw new WorkflowRequestException($"{where}: expected a non-empty string.") : null;
        }

        if (id.Length > MaxIdLength || id.Any(char.IsControl))
        {
            throw new WorkflowRequestException($"{where}: at most {MaxIdLength} characters, none of them control characters.");
        }

        return id;
    }

    private static string? OptionalString(JsonNode? node, string where) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => throw new WorkflowRequestException($"{where}: expected a string, got {Kind(node)}."),
    };

    /// <summary>What a JSON value is, for error messages.</summary>
    public static string Kind(JsonNode? node) => node switch
    {
        null => "nothing (missing or null)",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a value",
        },
        _ => "a value",
    };
}
