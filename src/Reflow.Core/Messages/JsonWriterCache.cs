using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Reflow.Messages;

/// <summary>
/// One <see cref="Utf8JsonWriter"/> and buffer per thread for the <c>MessageJson.To*Json</c>
/// conveniences, so that producing JSON allocates only the returned string or array.
/// </summary>
internal sealed class JsonWriterCache
{
    // A buffer that grew past this (one huge message) is dropped rather than kept alive by the thread.
    private const int RetainedCapacityLimit = 1024 * 1024;

    [ThreadStatic]
    private static JsonWriterCache? t_cache;

    private JsonWriterCache()
    {
        Buffer = new ArrayBufferWriter<byte>(256);
        Writer = new Utf8JsonWriter(Buffer, Options);
    }

    /// <summary>
    /// Options for JSON this library produces: compact, and escaping only what JSON requires (quotes,
    /// backslashes, control characters) because the output is data for programs and scripts, not
    /// HTML; non-ASCII text stays readable and compact. Validation is skipped because the writer code
    /// balances every container it opens.
    /// </summary>
    public static JsonWriterOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
        // Room for the tagged wrapper and an Error's {"error":…} object around MaxDepth containers.
        MaxDepth = Message.MaxDepth + 8,
    };

    public ArrayBufferWriter<byte> Buffer { get; }

    public Utf8JsonWriter Writer { get; }

    /// <summary>Takes this thread's cached writer (or a new one if it is taken) and resets it.</summary>
    public static JsonWriterCache Rent()
    {
        // Taking the instance out of the slot makes a nested Rent (which cannot happen today) safe.
        JsonWriterCache? cache = t_cache;
        t_cache = null;
        if (cache is null)
        {
            return new JsonWriterCache();
        }

        cache.Buffer.ResetWrittenCount();
        cache.Writer.Reset(cache.Buffer);
        return cache;
    }

    public static void Return(JsonWriterCache cache)
    {
        if (cache.Buffer.Capacity <= RetainedCapacityLimit)
        {
            t_cache = cache;
        }
    }
}
