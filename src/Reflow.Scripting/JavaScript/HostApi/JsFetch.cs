using System.Net.Http;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Reflow.Permissions;
using Reflow.Scripting.Http;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// The script's <c>fetch(url, init)</c>. Every hop is checked against the node's <c>net</c> grant before a connection
/// is made: the first URL, and each redirect, which this loop follows itself (the shared client never does), so a
/// granted host cannot hand the request on to one that is not. At most <see cref="MaxRedirects"/> redirects, as fetch
/// allows.
/// </summary>
/// <remarks>
/// The request runs synchronously on the engine's pool thread (which may block) and the promise it returns is already
/// settled: the script's <c>await</c> goes on at once. The whole exchange, body included, must end within the node's
/// time limit (<see cref="HostCallDeadline"/>); the body is read in full, up to the node's memory limit, since it lives
/// outside the engine's own accounting.
/// </remarks>
internal sealed class JsFetch(Engine engine, ScriptContext context, HostCallDeadline deadline, HttpClient client)
{
    private const int MaxRedirects = FetchRequest.MaxRedirects;

    public JsValue Fetch(JsValue thisObject, JsValue[] arguments) => JsHostErrors.Settle(engine, () => Run(arguments));

    private JsValue Run(JsValue[] arguments)
    {
        FetchRequest request = FetchRequestReader.Read(engine, arguments);
        FetchRequest hop = request;
        using CancellationTokenSource call = deadline.Start();
        for (int redirects = 0; ; redirects++)
        {
            if (!context.Permissions.TryCheckNet(hop.Url, out PermissionDeniedException? denial))
            {
                throw JsHostErrors.Throw(JsHostErrors.NotCapable(engine, denial, ReferenceEquals(hop, request) ? null : $"fetch {request}: redirected to {hop.Url}: "));
            }

            HttpResponseMessage response = Send(request, hop, call.Token);
            FetchRequest? next = hop.Redirect == "manual" ? null : hop.Redirected(response);
            if (next is null)
            {
                using (response)
                {
                    byte[] body = ReadBody(request, response, call.Token);
                    return FetchResponse.Create(engine, response, hop.Url, redirects > 0, body);
                }
            }

            response.Dispose();
            if (hop.Redirect == "error")
            {
                throw TypeError($"fetch {request}: redirected to {next.Url}, and the request's redirect mode is 'error'");
            }

            if (redirects == MaxRedirects)
            {
                throw TypeError($"fetch {request}: more than {MaxRedirects} redirects; the last went to {next.Url}");
            }

            hop = next;
        }
    }

    private HttpResponseMessage Send(FetchRequest request, FetchRequest hop, CancellationToken token)
    {
        string where = ReferenceEquals(hop, request) ? $"fetch {request}" : $"fetch {request}: redirected to {hop.Url}";
        try
        {
            using HttpRequestMessage message = hop.Create();
            return client.Send(message, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw TimedOut(where);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw TypeError($"{where}: cannot connect to {hop.Url.Authority}: {Innermost(ex).Message}");
        }
        catch (HttpRequestException ex)
        {
            throw TypeError($"{where}: {ex.Message}{(ex.InnerException is null ? "" : ": " + Innermost(ex).Message)}");
        }
    }

    private byte[] ReadBody(FetchRequest request, HttpResponseMessage response, CancellationToken token)
    {
        long limit = Math.Min(context.Limits.MemoryBytes ?? Array.MaxLength, Array.MaxLength);
        try
        {
            return HttpResponseBody.Read(response, limit, token, out long tooLarge) ?? throw TooLarge(request, tooLarge, limit);
        }
        catch (Exception ex) when (token.IsCancellationRequested && ex is IOException or ObjectDisposedException or OperationCanceledException or HttpRequestException)
        {
            throw TimedOut($"fetch {request}");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw TypeError($"fetch {request}: the response body could not be read: {Innermost(ex).Message}");
        }
    }

    private JavaScriptException TooLarge(FetchRequest request, long length, long limit) => JsHostErrors.Throw(JsHostErrors.Create(engine, "Error",
        $"fetch {request}: the response body is larger than the node's memory limit ({length} > {limit} bytes; 'memory_limit')"));

    private JavaScriptException TimedOut(string where) =>
        JsHostErrors.Throw(JsHostErrors.Create(engine, "TimeoutError", $"{where}: no complete response within {deadline.Describe()}"));

    private JavaScriptException TypeError(string message) => JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", message));

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
