using System.Text;
using System.Text.Json;
using Reflow.Permissions;
using Reflow.Scripting.Http;
using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// Extism's <c>http_request</c>, <c>http_status_code</c> and <c>http_headers</c>, behind the node's <c>net</c> grant.
/// The request is a JSON block <c>{"url", "method", "headers": {}}</c> plus an optional body block; the answer is the
/// response body as a new block, its status and headers kept for the companions. It shares <c>fetch</c>'s client and
/// redirect rules (<see cref="FetchRequest.Redirected"/>): every hop's host is checked before a connection is made, and
/// a denial, a network error or the call's deadline fails the plugin's call with the reason, never a silent 0.
/// </summary>
internal static class ExtismHttp
{
    public static readonly string[] Names = ["http_request", "http_status_code", "http_headers"];

    public static void Define(Linker linker)
    {
        linker.DefineFunction(ExtismKernel.Module, "http_request", (Caller c, long request, long body) => Request(ExtismKernel.Call(c), request, body));
        linker.DefineFunction(ExtismKernel.Module, "http_status_code", (Caller c) => ExtismKernel.Call(c).HttpStatus);
        linker.DefineFunction(ExtismKernel.Module, "http_headers", (Caller c) =>
        {
            WasmCall call = ExtismKernel.Call(c);
            return call.HttpHeaders is { } headers ? call.Memory.Alloc(headers) : 0L;
        });
    }

    private static long Request(WasmCall call, long requestOffset, long bodyOffset)
    {
        ScriptContext context = call.Node.Context ?? throw new WasmPluginFault("http_request called while describing the plugin");
        FetchRequest request = Read(call, requestOffset, bodyOffset);
        var deadline = new HostCallDeadline(context.Limits.Timeout, () => call.Deadline);
        using CancellationTokenSource source = deadline.Start();
        FetchRequest hop = request;
        for (int redirects = 0; ; redirects++)
        {
            string where = ReferenceEquals(hop, request) ? $"http_request {request}" : $"http_request {request}: redirected to {hop.Url}";
            if (!context.Permissions.TryCheckNet(hop.Url, out PermissionDeniedException? denial))
            {
                throw new WasmPluginFault($"{where}: {denial.Message}");
            }

            using HttpResponseMessage response = Send(hop, where, deadline, source.Token);
            FetchRequest? next = hop.Redirected(response);
            if (next is null)
            {
                byte[] body = ReadBody(call, response, where, deadline, source.Token);
                call.HttpStatus = (int)response.StatusCode;
                call.HttpHeaders = Headers(response);
                return call.Memory.Alloc(body);
            }

            if (redirects == FetchRequest.MaxRedirects)
            {
                throw new WasmPluginFault($"http_request {request}: more than {FetchRequest.MaxRedirects} redirects; the last went to {next.Url}");
            }

            hop = next;
        }
    }

    private static FetchRequest Read(WasmCall call, long requestOffset, long bodyOffset)
    {
        string url;
        HttpMethod method = HttpMethod.Get;
        var headers = new List<KeyValuePair<string, string>>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(call.Memory.Block(requestOffset).ToArray());
            JsonElement root = document.RootElement;
            url = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("url", out JsonElement u) && u.ValueKind == JsonValueKind.String
                ? u.GetString()!
                : throw new WasmPluginFault("http_request: the request must be a JSON object {\"url\": \"http://…\", \"method\": \"GET\", \"headers\": {}}");
            if (root.TryGetProperty("method", out JsonElement m) && m.ValueKind == JsonValueKind.String)
            {
                method = ParseMethod(url, m.GetString()!);
            }

            if (root.TryGetProperty("headers", out JsonElement h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty header in h.EnumerateObject())
                {
                    headers.Add(new(header.Name, header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText()));
                }
            }
        }
        catch (JsonException ex)
        {
            throw new WasmPluginFault($"http_request: the request is not JSON: {ex.Message}");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new WasmPluginFault($"http_request: '{url}' is not an absolute http or https URL");
        }

        byte[]? body = bodyOffset == 0 ? null : call.Memory.Block(bodyOffset).ToArray();
        return new FetchRequest(uri, method, headers, body, "follow");
    }

    private static HttpMethod ParseMethod(string url, string name)
    {
        try
        {
            HttpMethod method = HttpMethod.Parse(name);
            return method == HttpMethod.Connect ? throw new WasmPluginFault($"http_request {url}: the method CONNECT is forbidden") : method;
        }
        catch (FormatException)
        {
            throw new WasmPluginFault($"http_request {url}: '{name}' is not an HTTP method");
        }
    }

    private static HttpResponseMessage Send(FetchRequest hop, string where, HostCallDeadline deadline, CancellationToken token)
    {
        try
        {
            using HttpRequestMessage message = hop.Create();
            return HostHttpClient.Instance.Send(message, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw new WasmPluginFault($"{where}: no complete response within {deadline.Describe()}", "timeout");
        }
        catch (HttpRequestException ex)
        {
            throw new WasmPluginFault($"{where}: {ex.Message}{(ex.InnerException is null ? "" : ": " + ex.InnerException.Message)}");
        }
    }

    private static byte[] ReadBody(WasmCall call, HttpResponseMessage response, string where, HostCallDeadline deadline, CancellationToken token)
    {
        long limit = Math.Min(call.Node.Context!.Limits.MemoryBytes ?? Array.MaxLength, Array.MaxLength);
        try
        {
            return HttpResponseBody.Read(response, limit, token, out long tooLarge)
                ?? throw new WasmPluginFault($"{where}: the response body is larger than the node's memory limit ({tooLarge} > {limit} bytes)", "memory_limit");
        }
        catch (Exception ex) when (token.IsCancellationRequested && ex is IOException or ObjectDisposedException or OperationCanceledException or HttpRequestException)
        {
            throw new WasmPluginFault($"{where}: no complete response within {deadline.Describe()}", "timeout");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new WasmPluginFault($"{where}: the response body could not be read: {ex.Message}");
        }
    }

    /// <summary>The response's headers as Extism's <c>http_headers</c> gives them: a JSON object of name to value.</summary>
    private static byte[] Headers(HttpResponseMessage response)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers)
            {
                writer.WriteString(header.Key.ToLowerInvariant(), string.Join(", ", header.Value));
            }

            foreach (KeyValuePair<string, IEnumerable<string>> header in response.Content.Headers)
            {
                writer.WriteString(header.Key.ToLowerInvariant(), string.Join(", ", header.Value));
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
