using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Reflow.Scripting.Http;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// Reads what <c>fetch(url, init)</c> asked for (method, headers, body, redirect mode) from the script's values into a
/// <see cref="FetchRequest"/> of plain .NET ones.
/// </summary>
internal static class FetchRequestReader
{
    private static readonly string[] s_redirectModes = ["follow", "manual", "error"];

    /// <summary>Reads <c>fetch</c>'s arguments.</summary>
    /// <exception cref="JavaScriptException">A TypeError saying which argument is wrong and what was expected.</exception>
    public static FetchRequest Read(Engine engine, JsValue[] arguments)
    {
        JsValue input = arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
        string text = input.IsString() || input.IsObject() ? TypeConverter.ToString(input) : "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw TypeError(engine, text.Length == 0
                ? $"fetch(url): url must be an absolute http or https URL, not {JsFiles.Describe(input)}"
                : $"fetch('{text}'): only absolute http and https URLs can be fetched");
        }

        JsValue init = arguments.Length > 1 ? arguments[1] : JsValue.Undefined;
        if (init.IsUndefined() || init.IsNull())
        {
            return new FetchRequest(url, HttpMethod.Get, [], null, "follow");
        }

        if (!init.IsObject())
        {
            throw TypeError(engine, $"fetch('{url}', init): init must be an object such as {{ method: 'POST', body: '…' }}, not {JsFiles.Describe(init)}");
        }

        ObjectInstance options = init.AsObject();
        HttpMethod method = ReadMethod(engine, url, options.Get("method"));
        List<KeyValuePair<string, string>> headers = ReadHeaders(engine, url, options.Get("headers"));
        byte[]? body = ReadBody(engine, url, method, options.Get("body"), headers);
        JsValue redirect = options.Get("redirect");
        string mode = redirect.IsUndefined() ? "follow" : TypeConverter.ToString(redirect);
        if (Array.IndexOf(s_redirectModes, mode) < 0)
        {
            throw TypeError(engine, $"fetch('{url}', init): redirect must be 'follow', 'manual' or 'error', not '{mode}'");
        }

        return new FetchRequest(url, method, headers, body, mode);
    }

    private static HttpMethod ReadMethod(Engine engine, Uri url, JsValue value)
    {
        if (value.IsUndefined())
        {
            return HttpMethod.Get;
        }

        string name = TypeConverter.ToString(value);
        try
        {
            HttpMethod method = HttpMethod.Parse(name); // the standard methods in any case, as fetch normalises them
            return method == HttpMethod.Connect ? throw TypeError(engine, $"fetch('{url}', init): the method CONNECT is forbidden") : method;
        }
        catch (FormatException)
        {
            throw TypeError(engine, $"fetch('{url}', init): '{name}' is not an HTTP method");
        }
    }

    private static List<KeyValuePair<string, string>> ReadHeaders(Engine engine, Uri url, JsValue value)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (value.IsUndefined() || value.IsNull())
        {
            return headers;
        }

        if (value.IsArray())
        {
            foreach (JsValue pair in value.AsArray())
            {
                if (!pair.IsArray() || pair.AsArray().Length != 2)
                {
                    throw TypeError(engine, $"fetch('{url}', init): headers given as a list must hold [name, value] pairs");
                }

                headers.Add(new(TypeConverter.ToString(pair.AsArray()[0]), TypeConverter.ToString(pair.AsArray()[1])));
            }

            return headers;
        }

        if (!value.IsObject())
        {
            throw TypeError(engine, $"fetch('{url}', init): headers must be an object of name: value or a list of [name, value] pairs, not {JsFiles.Describe(value)}");
        }

        ObjectInstance map = value.AsObject();
        foreach (KeyValuePair<JsValue, Jint.Runtime.Descriptors.PropertyDescriptor> property in map.GetOwnProperties())
        {
            if (property.Key.IsString() && property.Value.Enumerable)
            {
                headers.Add(new(property.Key.AsString(), TypeConverter.ToString(map.Get(property.Key))));
            }
        }

        return headers;
    }

    private static byte[]? ReadBody(Engine engine, Uri url, HttpMethod method, JsValue value, List<KeyValuePair<string, string>> headers)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        if (method == HttpMethod.Get || method == HttpMethod.Head)
        {
            throw TypeError(engine, $"fetch('{url}', init): a {method} request cannot have a body");
        }

        if (value.IsString())
        {
            if (!headers.Exists(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(new("Content-Type", "text/plain;charset=UTF-8")); // fetch's default for a string body
            }

            return System.Text.Encoding.UTF8.GetBytes(value.AsString());
        }

        if (value.IsUint8Array())
        {
            return value.AsUint8Array();
        }

        if (value.IsArrayBuffer())
        {
            return value.AsArrayBuffer();
        }

        throw TypeError(engine, $"fetch('{url}', init): body must be a string, a Uint8Array or an ArrayBuffer, not {JsFiles.Describe(value)} (JSON.stringify an object first)");
    }

    private static JavaScriptException TypeError(Engine engine, string message) =>
        JsHostErrors.Throw(JsHostErrors.Create(engine, "TypeError", message));

}
