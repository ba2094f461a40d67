using System.Net.Http.Headers;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime.Interop;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// The Response-like object <c>fetch</c> resolves with: plain JS values and functions only (no CLR object reaches the
/// script). <c>status</c>, <c>ok</c>, <c>statusText</c>, <c>url</c>, <c>redirected</c>, <c>bodyUsed</c>,
/// <c>headers</c> (<c>get</c>, <c>has</c>, <c>forEach</c>, <c>entries</c>; names without case), and the body once, as
/// <c>text()</c>, <c>json()</c>, <c>arrayBuffer()</c> or <c>bytes()</c> (a Uint8Array), each a promise.
/// </summary>
internal static class FetchResponse
{
    public static JsValue Create(Engine engine, HttpResponseMessage response, Uri url, bool redirected, byte[] body)
    {
        int status = (int)response.StatusCode;
        var result = new JsObject(engine);
        result.FastSetDataProperty("status", status);
        result.FastSetDataProperty("ok", status is >= 200 and <= 299);
        result.FastSetDataProperty("statusText", response.ReasonPhrase ?? "");
        result.FastSetDataProperty("url", url.ToString());
        result.FastSetDataProperty("redirected", redirected);
        result.FastSetDataProperty("headers", Headers(engine, response));
        result.FastSetDataProperty("bodyUsed", false);

        bool used = false;
        JsValue Consume(string method, Func<JsValue> read) => JsHostErrors.Settle(engine, () =>
        {
            if (used)
            {
                throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", $"Response.{method}(): the body of {url} has already been read"));
            }

            used = true;
            result.Set("bodyUsed", true);
            return read();
        });

        result.FastSetDataProperty("text", Function(engine, "text", (_, _) => Consume("text", () => Text(body))));
        result.FastSetDataProperty("json", Function(engine, "json", (_, _) => Consume("json", () => new JsonParser(engine).Parse(Text(body)))));
        result.FastSetDataProperty("arrayBuffer", Function(engine, "arrayBuffer", (_, _) => Consume("arrayBuffer", () => engine.Intrinsics.ArrayBuffer.Construct(body))));
        result.FastSetDataProperty("bytes", Function(engine, "bytes", (_, _) => Consume("bytes", () => engine.Intrinsics.Uint8Array.Construct(body))));
        return result;
    }

    /// <summary>A JS function that calls <paramref name="call"/>.</summary>
    public static ClrFunction Function(Engine engine, string name, Func<JsValue, JsValue[], JsValue> call, int length = 0) =>
        new(engine, name, call, length);

    // UTF-8 as fetch decodes a body: a byte order mark is dropped, invalid bytes become U+FFFD.
    private static string Text(byte[] body) =>
        body.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.GetString(body, 3, body.Length - 3) : Encoding.UTF8.GetString(body);

    private static JsObject Headers(Engine engine, HttpResponseMessage response)
    {
        // Names in lower case, in the order they came, several values joined by ", " (what Headers.get returns).
        var names = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Collect(response.Headers, names, values);
        Collect(response.Content.Headers, names, values);

        var headers = new JsObject(engine);
        headers.FastSetDataProperty("get", Function(engine, "get", (_, a) =>
            values.TryGetValue(Name(a), out string? value) ? value : JsValue.Null, 1));
        headers.FastSetDataProperty("has", Function(engine, "has", (_, a) => values.ContainsKey(Name(a)), 1));
        headers.FastSetDataProperty("entries", Function(engine, "entries", (_, _) =>
        {
            var pairs = new JsValue[names.Count];
            for (int i = 0; i < names.Count; i++)
            {
                pairs[i] = new JsArray(engine, [names[i], values[names[i]]]);
            }

            return new JsArray(engine, pairs);
        }));
        headers.FastSetDataProperty("forEach", Function(engine, "forEach", (self, a) =>
        {
            JsValue callback = a.Length > 0 ? a[0] : JsValue.Undefined;
            if (!callback.IsCallable())
            {
                throw JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", "Headers.forEach(callback): callback must be a function"));
            }

            foreach (string name in names)
            {
                engine.Call(callback, JsValue.Undefined, [values[name], name, self]);
            }

            return JsValue.Undefined;
        }, 1));
        return headers;
    }

    private static string Name(JsValue[] arguments) => arguments.Length > 0 ? Jint.Runtime.TypeConverter.ToString(arguments[0]) : "undefined";

    private static void Collect(HttpHeaders source, List<string> names, Dictionary<string, string> values)
    {
        foreach (KeyValuePair<string, HeaderStringValues> header in source.NonValidated)
        {
            string name = header.Key.ToLowerInvariant();
            string value = header.Value.ToString(); // several values: joined by ", "
            if (values.TryGetValue(name, out string? earlier))
            {
                values[name] = earlier + ", " + value;
            }
            else
            {
                names.Add(name);
                values[name] = value;
            }
        }
    }
}
