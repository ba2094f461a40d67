using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Reflow.Messages;

public static partial class MessageJson
{
    private const int MaxQuotedNameLength = 64;

    /// <summary>The type names the tagged reader understands, including upstream's aliases.</summary>
    private enum TaggedType
    {
        Flow,
        Null,
        Boolean,
        Integer,
        Float,
        String,
        Bytes,
        Array,
        Object,
        Error,
        OpenBracket,
        CloseBracket,
        Optional,
        Any,
    }

    private static Message ReadTaggedCore(ref Utf8JsonReader reader)
    {
        long start = reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            Fail(ref reader, $"Expected a tagged message object such as {{\"type\":\"Integer\",\"data\":42}}, found {reader.TokenType}");
        }

        TaggedType type = default;
        bool hasType = false;
        bool hasData = false;
        bool dataPending = false;
        Utf8JsonReader pending = default;
        Message result = default;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            Debug.Assert(reader.TokenType == JsonTokenType.PropertyName, "Utf8JsonReader validates object structure.");
            if (reader.ValueTextEquals("type"u8))
            {
                if (hasType)
                {
                    FailAtProperty(ref reader, "type", "Duplicate \"type\" property");
                }

                Next(ref reader);
                type = ReadTypeName(ref reader);
                hasType = true;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                if (hasData)
                {
                    FailAtProperty(ref reader, "data", "Duplicate \"data\" property");
                }

                hasData = true;
                Next(ref reader);
                if (hasType)
                {
                    result = ReadTaggedData(ref reader, type);
                }
                else
                {
                    // The type comes later: remember where the data starts (the reader is a struct, so
                    // a copy is a bookmark) and read it once the type is known.
                    pending = reader;
                    dataPending = true;
                    if (!reader.TrySkip())
                    {
                        FailIncomplete(ref reader);
                    }
                }
            }
            else
            {
                string name = reader.GetString()!;
                FailAtProperty(
                    ref reader,
                    name,
                    $"Unexpected property \"{Shorten(name)}\" in a tagged message; only \"type\" and \"data\" are allowed");
            }
        }

        if (!hasType)
        {
            throw new JsonReadFailure("The tagged message has no \"type\" property", start);
        }

        if (dataPending)
        {
            return ReadTaggedData(ref pending, type);
        }

        if (!hasData)
        {
            return type switch
            {
                TaggedType.Flow => Message.Flow,
                TaggedType.Null or TaggedType.Optional => Message.Null,
                TaggedType.OpenBracket => Message.OpenBracket(),
                TaggedType.CloseBracket => Message.CloseBracket(),
                _ => throw new JsonReadFailure($"The tagged message of type {type} has no \"data\" property", start),
            };
        }

        return result;
    }

    private static TaggedType ReadTypeName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            FailAtProperty(ref reader, "type", $"\"type\" must be a string naming the message kind, found {reader.TokenType}");
        }

        // Ordered by how often each kind is expected; ValueTextEquals also handles escaped names.
        if (reader.ValueTextEquals("Integer"u8))
        {
            return TaggedType.Integer;
        }

        if (reader.ValueTextEquals("String"u8))
        {
            return TaggedType.String;
        }

        if (reader.ValueTextEquals("Float"u8))
        {
            return TaggedType.Float;
        }

        if (reader.ValueTextEquals("Object"u8))
        {
            return TaggedType.Object;
        }

        if (reader.ValueTextEquals("Array"u8))
        {
            return TaggedType.Array;
        }

        if (reader.ValueTextEquals("Boolean"u8))
        {
            return TaggedType.Boolean;
        }

        if (reader.ValueTextEquals("Flow"u8))
        {
            return TaggedType.Flow;
        }

        if (reader.ValueTextEquals("Null"u8))
        {
            return TaggedType.Null;
        }

        if (reader.ValueTextEquals("Bytes"u8) || reader.ValueTextEquals("Stream"u8))
        {
            return TaggedType.Bytes;
        }

        if (reader.ValueTextEquals("Error"u8))
        {
            return TaggedType.Error;
        }

        if (reader.ValueTextEquals("OpenBracket"u8))
        {
            return TaggedType.OpenBracket;
        }

        if (reader.ValueTextEquals("CloseBracket"u8))
        {
            return TaggedType.CloseBracket;
        }

        if (reader.ValueTextEquals("Optional"u8))
        {
            return TaggedType.Optional;
        }

        if (reader.ValueTextEquals("Any"u8) || reader.ValueTextEquals("Event"u8))
        {
            return TaggedType.Any;
        }

        string name = reader.GetString()!;
        FailAtProperty(
            ref reader,
            "type",
            $"Unknown message type \"{Shorten(name)}\"; expected Flow, Null, Boolean, Integer, Float, String, Bytes, Array, Object, Error, OpenBracket or CloseBracket");
        return default;
    }

    private static Message ReadTaggedData(ref Utf8JsonReader reader, TaggedType type)
    {
        try
        {
            return ReadTaggedValue(ref reader, type);
        }
        catch (Exception ex) when (JsonPathTrace.Record(ex, "data", reader.TokenStartIndex))
        {
            throw new UnreachableException(); // the filter records the path and never catches
        }
    }

    private static Message ReadTaggedValue(ref Utf8JsonReader reader, TaggedType type)
    {
        JsonTokenType token = reader.TokenType;
        switch (type)
        {
            case TaggedType.Flow:
                return token == JsonTokenType.Null
                    ? Message.Flow
                    : WrongData<Message>(ref reader, type, "null or no \"data\" (Flow carries no data)");
            case TaggedType.Null:
                return token == JsonTokenType.Null ? Message.Null : WrongData<Message>(ref reader, type, "null");
            case TaggedType.Boolean:
                return token switch
                {
                    JsonTokenType.True => Message.Boolean(true),
                    JsonTokenType.False => Message.Boolean(false),
                    _ => WrongData<Message>(ref reader, type, "true or false"),
                };
            case TaggedType.Integer:
                return token == JsonTokenType.Number
                    ? ReadTaggedInteger(ref reader)
                    : WrongData<Message>(ref reader, type, "an integral number");
            case TaggedType.Float:
                return ReadTaggedFloat(ref reader);
            case TaggedType.String:
                return token == JsonTokenType.String
                    ? Message.String(reader.GetString()!)
                    : WrongData<Message>(ref reader, type, "a string");
            case TaggedType.Error:
                return token == JsonTokenType.String
                    ? Message.Error(reader.GetString()!)
                    : WrongData<Message>(ref reader, type, "a string (the error text)");
            case TaggedType.Bytes:
                return ReadTaggedBytes(ref reader);
            case TaggedType.Array:
                return token == JsonTokenType.StartArray
                    ? ReadArray(ref reader, 0)
                    : WrongData<Message>(ref reader, type, "an array");
            case TaggedType.Object:
                return token == JsonTokenType.StartObject
                    ? ReadObject(ref reader, 0)
                    : WrongData<Message>(ref reader, type, "an object");
            case TaggedType.OpenBracket:
            case TaggedType.CloseBracket:
                return ReadTaggedBracket(ref reader, type);
            case TaggedType.Optional:
                return token == JsonTokenType.Null ? Message.Null : ReadPlain(ref reader, 0);
            default:
                Debug.Assert(type == TaggedType.Any, "Every tagged type is handled.");
                return ReadPlain(ref reader, 0);
        }
    }

    // The data of a bracket is its value as a tagged message (exact for every kind), or null for no value.
    private static Message ReadTaggedBracket(ref Utf8JsonReader reader, TaggedType type)
    {
        bool open = type == TaggedType.OpenBracket;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return open ? Message.OpenBracket() : Message.CloseBracket();
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return WrongData<Message>(ref reader, type, "the bracket's value as a tagged message (such as {\"type\":\"String\",\"data\":\"g1\"}) or null");
        }

        long start = reader.TokenStartIndex;
        Message value = ReadTaggedCore(ref reader);
        if (value.IsBracket)
        {
            throw new JsonReadFailure($"The value of the {type} is a {value.Kind}, but a bracket's value cannot be a bracket", start);
        }

        return open ? Message.OpenBracket(value) : Message.CloseBracket(value);
    }

    private static Message ReadTaggedInteger(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out long value))
        {
            return Message.Integer(value);
        }

        // The type says Integer, so a producer that wrote 3.0 (JavaScript, say) meant 3. Decimal keeps
        // every long exactly, which double would not.
        if (reader.TryGetDecimal(out decimal number)
            && decimal.Truncate(number) == number
            && number >= long.MinValue
            && number <= long.MaxValue)
        {
            return Message.Integer((long)number);
        }

        return Fail<Message>(ref reader, "Integer data must be an integral number within the 64-bit range");
    }

    private static Message ReadTaggedFloat(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetDouble(out double value) && double.IsFinite(value)
                ? Message.Float(value)
                : Fail<Message>(ref reader, "Number is outside the range of a 64-bit float");
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("NaN"u8))
            {
                return Message.Float(double.NaN);
            }

            if (reader.ValueTextEquals("Infinity"u8))
            {
                return Message.Float(double.PositiveInfinity);
            }

            if (reader.ValueTextEquals("-Infinity"u8))
            {
                return Message.Float(double.NegativeInfinity);
            }
        }

        return WrongData<Message>(ref reader, TaggedType.Float, "a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
    }

    private static Message ReadTaggedBytes(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.TryGetBytesFromBase64(out byte[]? bytes)
                ? Message.FromOwnedBytes(bytes)
                : Fail<Message>(ref reader, "Bytes data is not valid base64");
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return WrongData<Message>(ref reader, TaggedType.Bytes, "a base64 string or an array of byte values");
        }

        // Upstream's Stream form: [1, 2, 255].
        Span<byte> inline = stackalloc byte[256];
        var bytesRead = new ValueListBuilder<byte>(inline);
        try
        {
            while (true)
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetByte(out byte value))
                {
                    var failure = new JsonReadFailure("Expected a byte value (an integer from 0 to 255)", reader.TokenStartIndex);
                    JsonPathTrace.Record(failure, bytesRead.Count, reader.TokenStartIndex);
                    throw failure;
                }

                bytesRead.Append(value);
            }

            return Message.FromOwnedBytes(bytesRead.ToArray());
        }
        finally
        {
            bytesRead.Dispose();
        }
    }

    private static T WrongData<T>(ref Utf8JsonReader reader, TaggedType type, string expected) =>
        Fail<T>(ref reader, $"{type} data must be {expected}, found {reader.TokenType}");

    // For errors about a property of the tagged object itself: record its name as the path.
    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailAtProperty(ref Utf8JsonReader reader, string property, string reason)
    {
        var failure = new JsonReadFailure(reason, reader.TokenStartIndex);
        JsonPathTrace.Record(failure, property, reader.TokenStartIndex);
        throw failure;
    }

    private static string Shorten(string text) =>
        text.Length <= MaxQuotedNameLength ? text : string.Concat(text.AsSpan(0, MaxQuotedNameLength), "…");
}
