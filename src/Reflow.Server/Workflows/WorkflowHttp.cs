using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Reflow.Server.Hosting;

namespace Reflow.Server.Workflows;

/// <summary>What the workflow routes share: the secret check, the bounded body read and the original's <c>ApiResponse</c> envelope.</summary>
internal static class WorkflowHttp
{
    /// <summary>The header that carries the secret besides <c>Authorization: Bearer</c>.</summary>
    public const string SecretHeader = "X-Reflow-Secret";

    /// <summary>
    /// Whether the request carries the server's secret (always, when it has none): <c>Authorization: Bearer …</c>,
    /// <c>X-Reflow-Secret</c>, or — for <c>/ws</c> only, since a browser's WebSocket cannot set headers — <c>?secret=</c>.
    /// Compared in fixed time, as the protocol dispatcher does.
    /// </summary>
    public static bool HasSecret(HttpContext context, string? secret, bool queryAllowed)
    {
        if (secret is null)
        {
            return true;
        }

        string? given = null;
        string authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            given = authorization["Bearer ".Length..].Trim();
        }
        else if (context.Request.Headers.TryGetValue(SecretHeader, out var header) && header.Count > 0)
        {
            given = header.ToString();
        }
        else if (queryAllowed && context.Request.Query.TryGetValue("secret", out var query) && query.Count > 0)
        {
            given = query.ToString();
        }

        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>The 401 answer to a request without the secret.</summary>
    public static Task RefuseSecretAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ErrorAsync(context, StatusCodes.Status401Unauthorized,
            $"The secret is wrong or missing: this server needs the secret it was started with (reflow serve --secret), as \"Authorization: Bearer SECRET\" or \"{SecretHeader}: SECRET\" (on /ws also ?secret=SECRET).");
    }

    /// <summary>Reads the body as JSON, at most <paramref name="maxBytes"/>.</summary>
    /// <exception cref="WorkflowRequestException">Too large (413) or not JSON (400, with where it broke).</exception>
    public static async Task<JsonNode?> ReadJsonAsync(HttpContext context, int maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            Memory<byte> memory = buffer.GetMemory(16 * 1024);
            int read = await context.Request.Body.ReadAsync(memory, context.RequestAborted).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
        }

        if (buffer.WrittenCount == 0)
        {
            throw new WorkflowRequestException("The body is empty: send the request as JSON {\"graph_json\": …, \"input\": …, \"metadata\": {\"workflow_id\": …}}.");
        }

        if (JsonTextCheck.Problem(buffer.WrittenSpan) is string problem)
        {
            throw new WorkflowRequestException($"The body is not JSON text a string can be read from: {problem}.");
        }

        try
        {
            return JsonNode.Parse(buffer.WrittenSpan, documentOptions: JsonTextCheck.NoDuplicateKeys);
        }
        catch (JsonException ex)
        {
            throw new WorkflowRequestException($"The body is not JSON: {ex.Message}");
        }
    }

    private static WorkflowRequestException TooLarge(int maxBytes) =>
        new($"The body is larger than this server takes ({maxBytes} bytes; reflow serve --max-message-bytes).", StatusCodes.Status413PayloadTooLarge);

    /// <summary>The original's <c>ApiResponse</c>: <c>{success: true, data, error: null, timestamp}</c>.</summary>
    public static Task SuccessAsync(HttpContext context, JsonNode? data) =>
        WriteAsync(context, StatusCodes.Status200OK, Envelope(true, data, null));

    /// <summary>The original's <c>ApiResponse</c> of a failure: <c>{success: false, data: null, error, timestamp}</c>.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string error) =>
        WriteAsync(context, status, Envelope(false, null, error));

    private static JsonObject Envelope(bool success, JsonNode? data, string? error) => new()
    {
        ["success"] = success,
        ["data"] = data,
        ["error"] = error,
        ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
    };

    private static Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>The reason phrase of a status, for logs.</summary>
    public static string Describe(int status) => $"{status} {(HttpStatusCode)status}";
}
