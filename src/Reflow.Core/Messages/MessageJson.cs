using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Reflow.Messages;

/// <summary>
/// Converts messages to and from JSON, in the plain form (<c>42</c>, <c>{"a":[1,2]}</c>) and in the
/// tagged form used by the script and plugin ABIs (<c>{"type":"Integer","data":42}</c>).
/// </summary>
/// <remarks>
/// <para><b>Plain form.</b> Reading maps JSON to messages: <c>null</c> → Null; <c>true</c>/<c>false</c> →
/// Boolean; a number written without fraction or exponent that fits in a <see cref="long"/> → Integer,
/// any other number → Float (so <c>1.0</c>, <c>1e3</c> and 2^70 are Floats); a string → String; an
/// array → Array; an object → Object (insertion order kept; a duplicate key is an error). A number
/// too large for a double (such as <c>1e400</c>) is an error.</para>
/// <para>Writing is the inverse for JSON-native kinds, and Floats always keep a fraction or exponent
/// (1.0 is written <c>1.0</c>) so they read back as Floats. The plain form is <b>lossy</b> for the
/// kinds JSON has no notation for, which therefore do not round-trip through it (use the tagged form
/// at the top level):</para>
/// <list type="bullet">
/// <item>Flow is written as <c>null</c> (reads back as Null);</item>
/// <item>Bytes as a base64 string (reads back as String);</item>
/// <item>Error as <c>{"error":"text"}</c> (reads back as Object);</item>
/// <item>Float NaN, +∞ and −∞ as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>
/// (read back as Strings).</item>
/// </list>
/// <para>Brackets (<see cref="MessageKind.OpenBracket"/>, <see cref="MessageKind.CloseBracket"/>) have no plain
/// form: they are stream boundaries, and any JSON value written for them would read back as an ordinary value
/// that silently joins the data. Writing one in the plain form, at the top or nested, throws
/// <see cref="MessageFormatException"/>; write it tagged, or handle brackets before writing plain JSON.
/// Reading the plain form never produces a bracket (<c>{"type":"OpenBracket"}</c> reads as an Object).</para>
/// <para>Strings that are not well-formed UTF-16 (a lone surrogate) are written with U+FFFD in its
/// place, as System.Text.Json does; JSON cannot carry them.</para>
/// <para><b>Tagged form.</b> An object with a <c>"type"</c> naming the kind — Flow, Null, Boolean,
/// Integer, Float, String, Bytes, Array, Object, Error, OpenBracket or CloseBracket — and a <c>"data"</c>
/// holding the value in the plain form. It round-trips every kind exactly at the top level: Flow is
/// <c>{"type":"Flow"}</c>, Bytes data is a base64 string, Error data is the text, and a Float's data keeps its
/// kind because the type says Float (NaN and infinities are the strings above). A bracket without a value has
/// no data (<c>{"type":"OpenBracket"}</c>); a bracket's value is written <i>tagged</i> as its data, so it
/// keeps its kind exactly: <c>{"type":"CloseBracket","data":{"type":"String","data":"g1"}}</c>. Elements nested inside an Array or
/// Object are in the plain form, as upstream Reflow does, so nested Bytes, Flow, Error and non-finite
/// Floats are subject to the plain form's losses. See <see cref="ReadTagged"/> for what reading accepts.</para>
/// <para><b>Limits and errors.</b> Nesting is limited to <see cref="Message.MaxDepth"/> arrays/objects on
/// both read and write. Every malformed input — empty, truncated, trailing content, invalid UTF-8, a
/// duplicate key, too deep, a value of the wrong kind — raises <see cref="MessageFormatException"/>
/// with the JSON path and position; no other exception type escapes the readers.</para>
/// <para>The codec works directly on <see cref="Utf8JsonReader"/> and <see cref="Utf8JsonWriter"/>
/// with no DOM in between, so it allocates only the resulting strings, arrays and objects.</para>
/// </remarks>
public static partial class MessageJson
{
    private const int StackallocByteLimit = 512;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        // One level for the tagged wrapper on top of MaxDepth containers; MaxDepth itself is enforced
        // by the reader code with a clearer message.
        MaxDepth = Message.MaxDepth + 2,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Writes <paramref name="message"/> in the plain form.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="message">The message.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    /// <exception cref="MessageFormatException">
    /// The message is nested deeper than <see cref="Message.MaxDepth"/>, or is or holds a bracket (no plain form).
    /// </exception>
    public static void Write(Utf8JsonWriter writer, Message message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WritePlain(writer, message, 0);
    }

    /// <summary>Writes <paramref name="message"/> in the tagged form <c>{"type":…,"data":…}</c>.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="message">The message.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    /// <exception cref="MessageFormatException">The message is nested deeper than <see cref="Message.MaxDepth"/>.</exception>
    public static void WriteTagged(Utf8JsonWriter writer, Message message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteTaggedCore(writer, message);
    }

    /// <summary>Returns the plain JSON text of <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    /// <returns>Compact JSON; non-ASCII characters are not escaped.</returns>
    /// <exception cref="MessageFormatException">
    /// The message is nested deeper than <see cref="Message.MaxDepth"/>, or is or holds a bracket (no plain form).
    /// </exception>
    public static string ToJson(Message message) => ToString(message, tagged: false);

    /// <summary>Returns the plain JSON of <paramref name="message"/> as UTF-8.</summary>
    /// <param name="message">The message.</param>
    /// <returns>Compact UTF-8 JSON.</returns>
    /// <exception cref="MessageFormatException">
    /// The message is nested deeper than <see cref="Message.MaxDepth"/>, or is or holds a bracket (no plain form).
    /// </exception>
    public static byte[] ToUtf8Json(Message message) => ToBytes(message, tagged: false);

    /// <summary>Returns the tagged JSON text of <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    /// <returns>Compact JSON such as <c>{"type":"Integer","data":42}</c>.</returns>
    /// <exception cref="MessageFormatException">The message is nested deeper than <see cref="Message.MaxDepth"/>.</exception>
    public static string ToTaggedJson(Message message) => ToString(message, tagged: true);

    /// <summary>Returns the tagged JSON of <paramref name="message"/> as UTF-8.</summary>
    /// <param name="message">The message.</param>
    /// <returns>Compact UTF-8 JSON such as <c>{"type":"Integer","data":42}</c>.</returns>
    /// <exception cref="MessageFormatException">The message is nested deeper than <see cref="Message.MaxDepth"/>.</exception>
    public static byte[] ToUtf8TaggedJson(Message message) => ToBytes(message, tagged: true);

    /// <summary>Reads one message in the plain form.</summary>
    /// <param name="reader">
    /// The reader. If it has not read a token yet, its first token is read; if it is on a property
    /// name, the property's value is read. On return it is on the last token of the value (as a
    /// <c>JsonConverter</c> leaves it). The whole value must be in the reader's buffer. The reader's
    /// own <see cref="JsonReaderOptions.MaxDepth"/> applies too.
    /// </param>
    /// <returns>The message.</returns>
    /// <exception cref="MessageFormatException">The JSON is malformed, incomplete, or nested too deeply.</exception>
    public static Message Read(ref Utf8JsonReader reader)
    {
        try
        {
            MoveToValue(ref reader);
            return ReadPlain(ref reader, 0);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            throw CreateReadException(ex, reader.TokenStartIndex);
        }
    }

    /// <summary>Reads one message in the tagged form <c>{"type":…,"data":…}</c>.</summary>
    /// <param name="reader">
    /// The reader, positioned as described for <see cref="Read(ref Utf8JsonReader)"/>; on return it is on
    /// the tagged object's closing brace.
    /// </param>
    /// <returns>The message.</returns>
    /// <remarks>
    /// <para>The properties may come in either order. Any property other than <c>"type"</c> and
    /// <c>"data"</c> is rejected (so a typo cannot silently drop data), as is a repeated one. Type names
    /// are case-sensitive.</para>
    /// <para>Besides what <see cref="WriteTagged"/> produces, reading accepts: <c>"data"</c> missing or
    /// <c>null</c> for Flow, and missing for Null; for Bytes, an array of byte values 0–255 as well as
    /// base64; for Integer, an integral number written with a fraction or exponent (<c>3.0</c>, not
    /// <c>3.5</c>); and upstream Reflow's other type names: <c>"Stream"</c> (= Bytes), <c>"Optional"</c>
    /// (null or missing data → Null, otherwise the plain reading of the data), <c>"Any"</c> and
    /// <c>"Event"</c> (the plain reading of the data). A bracket's <c>"data"</c> may also be <c>null</c> for no
    /// value; a bracket whose value is a bracket is rejected.</para>
    /// </remarks>
    /// <exception cref="MessageFormatException">
    /// The JSON is malformed; <c>"type"</c> is missing or unknown; <c>"data"</c> is missing where the type
    /// needs it or is not of the JSON kind the type calls for; or there is an unknown property.
    /// </exception>
    public static Message ReadTagged(ref Utf8JsonReader reader)
    {
        try
        {
            MoveToValue(ref reader);
            return ReadTaggedCore(ref reader);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            throw CreateReadException(ex, reader.TokenStartIndex);
        }
    }

    /// <summary>Parses a JSON text holding exactly one message in the plain form.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="MessageFormatException">The text is empty, malformed, or has content after the value.</exception>
    public static Message Parse(string json) => ParseString(json, tagged: false);

    /// <summary>Parses UTF-8 JSON holding exactly one message in the plain form.</summary>
    /// <param name="utf8Json">The UTF-8 bytes; a leading byte order mark is skipped.</param>
    /// <returns>The message.</returns>
    /// <exception cref="MessageFormatException">The input is empty, malformed, not valid UTF-8, or has content after the value.</exception>
    public static Message Parse(ReadOnlySpan<byte> utf8Json) => ParseUtf8(utf8Json, tagged: false);

    /// <summary>Parses a JSON text holding exactly one message in the tagged form.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="MessageFormatException">See <see cref="ReadTagged"/>; also for content after the value.</exception>
    public static Message ParseTagged(string json) => ParseString(json, tagged: true);

    /// <summary>Parses UTF-8 JSON holding exactly one message in the tagged form.</summary>
    /// <param name="utf8Json">The UTF-8 bytes; a leading byte order mark is skipped.</param>
    /// <returns>The message.</returns>
    /// <exception cref="MessageFormatException">See <see cref="ReadTagged"/>; also for content after the value.</exception>
    public static Message ParseTagged(ReadOnlySpan<byte> utf8Json) => ParseUtf8(utf8Json, tagged: true);

    private static string ToString(Message message, bool tagged)
    {
        JsonWriterCache cache = JsonWriterCache.Rent();
        try
        {
            WriteRoot(cache.Writer, message, tagged);
            return Encoding.UTF8.GetString(cache.Buffer.WrittenSpan);
        }
        finally
        {
            JsonWriterCache.Return(cache);
        }
    }

    private static byte[] ToBytes(Message message, bool tagged)
    {
        JsonWriterCache cache = JsonWriterCache.Rent();
        try
        {
            WriteRoot(cache.Writer, message, tagged);
            return cache.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            JsonWriterCache.Return(cache);
        }
    }

    private static void WriteRoot(Utf8JsonWriter writer, Message message, bool tagged)
    {
        if (tagged)
        {
            WriteTaggedCore(writer, message);
        }
        else
        {
            WritePlain(writer, message, 0);
        }

        writer.Flush();
    }

    private static Message ParseString(string json, bool tagged)
    {
        ArgumentNullException.ThrowIfNull(json);
        int maxBytes = Encoding.UTF8.GetMaxByteCount(json.Length);
        byte[]? rented = null;
        Span<byte> utf8 = maxBytes <= StackallocByteLimit
            ? stackalloc byte[StackallocByteLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            OperationStatus status = Utf8.FromUtf16(json, utf8, out int charsRead, out int written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                throw new MessageFormatException(
                    $"The JSON text is not valid UTF-16: unpaired surrogate at character {charsRead}.",
                    null,
                    charsRead);
            }

            return ParseUtf8(utf8[..written], tagged);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static Message ParseUtf8(ReadOnlySpan<byte> utf8Json, bool tagged)
    {
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        var reader = new Utf8JsonReader(utf8Json, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        try
        {
            MoveToValue(ref reader);
            Message message = tagged ? ReadTaggedCore(ref reader) : ReadPlain(ref reader, 0);

            // A complete, final buffer either ends here or Read throws for the extra content.
            if (reader.Read())
            {
                Fail(ref reader, "Unexpected content after the JSON value");
            }

            return message;
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            throw CreateReadException(ex, reader.TokenStartIndex);
        }
    }

    // Everything a malformed input can make the reader code throw. MessageFormatException is not in
    // the list: it is already the public form.
    private static bool IsReadFailure(Exception exception) =>
        exception is JsonReadFailure
            or JsonException
            or InvalidOperationException
            or ArgumentException
            or OverflowException
            or (FormatException and not MessageFormatException);

    private static MessageFormatException CreateReadException(Exception exception, long readerOffset)
    {
        string path = JsonPathTrace.Take(exception, out long? tracedOffset);
        switch (exception)
        {
            case JsonReadFailure failure:
                return new MessageFormatException(
                    $"{failure.Message} at {path} (byte offset {failure.ByteOffset}).",
                    null,
                    failure.ByteOffset,
                    path);
            case JsonException json when json.LineNumber is not null:
                return new MessageFormatException(
                    $"Invalid JSON at {path} (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1} of the line): {json.Message}",
                    json,
                    null,
                    path,
                    json.LineNumber,
                    json.BytePositionInLine);
            default:
                long offset = tracedOffset ?? readerOffset;
                return new MessageFormatException(
                    $"Invalid JSON at {path} (byte offset {offset}): {exception.Message}",
                    exception,
                    offset,
                    path);
        }
    }
}
