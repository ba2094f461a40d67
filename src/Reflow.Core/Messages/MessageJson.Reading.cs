using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Reflow.Messages;

public static partial class MessageJson
{
    private static void MoveToValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.None or JsonTokenType.PropertyName or JsonTokenType.Comment)
        {
            Next(ref reader);
        }
    }

    /// <summary>
    /// Reads the next token, skipping comments (a caller's reader may be set to surface them);
    /// running out of input before the value ends is an error.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Next(ref Utf8JsonReader reader)
    {
        do
        {
            if (!reader.Read())
            {
                FailIncomplete(ref reader);
            }
        }
        while (reader.TokenType == JsonTokenType.Comment);
    }

    /// <summary>Reads the value whose first token is the current one; <paramref name="depth"/> counts enclosing containers.</summary>
    private static Message ReadPlain(ref Utf8JsonReader reader, int depth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return Message.Null;
            case JsonTokenType.True:
                return Message.Boolean(true);
            case JsonTokenType.False:
                return Message.Boolean(false);
            case JsonTokenType.Number:
                return ReadNumber(ref reader);
            case JsonTokenType.String:
                return Message.String(reader.GetString()!);
            case JsonTokenType.StartArray:
                return ReadArray(ref reader, depth);
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, depth);
            default:
                return Fail<Message>(ref reader, $"Expected a JSON value, found {reader.TokenType}");
        }
    }

    private static Message ReadNumber(ref Utf8JsonReader reader)
    {
        // TryGetInt64 fails for any fraction or exponent, so "1.0" and "1e3" become Floats.
        if (reader.TryGetInt64(out long integer))
        {
            return Message.Integer(integer);
        }

        // TryGetDouble reports 1e400 as a successful +Infinity; JSON numbers are finite.
        if (reader.TryGetDouble(out double number) && double.IsFinite(number))
        {
            return Message.Float(number);
        }

        return Fail<Message>(ref reader, "Number is outside the range of a 64-bit float");
    }

    private static Message ReadArray(ref Utf8JsonReader reader, int depth)
    {
        if (depth >= Message.MaxDepth)
        {
            FailTooDeep(ref reader);
        }

        InlineBuffer8<Message> inline = default;
        var items = new ValueListBuilder<Message>(inline);
        try
        {
            while (true)
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                items.Append(ReadPlain(ref reader, depth + 1));
            }

            return Message.FromOwnedArray(items.ToArray());
        }
        catch (Exception ex) when (JsonPathTrace.Record(ex, items.Count, reader.TokenStartIndex))
        {
            throw new UnreachableException(); // the filter records the path and never catches
        }
        finally
        {
            items.Dispose();
        }
    }

    private static Message ReadObject(ref Utf8JsonReader reader, int depth)
    {
        long start = reader.TokenStartIndex;
        if (depth >= Message.MaxDepth)
        {
            FailTooDeep(ref reader);
        }

        InlineBuffer8<string> inlineKeys = default;
        InlineBuffer8<Message> inlineValues = default;
        var keys = new ValueListBuilder<string>(inlineKeys);
        var values = new ValueListBuilder<Message>(inlineValues);
        string? key = null;
        try
        {
            while (true)
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                Debug.Assert(reader.TokenType == JsonTokenType.PropertyName, "Utf8JsonReader validates object structure.");
                key = reader.GetString()!;
                Next(ref reader);
                values.Append(ReadPlain(ref reader, depth + 1));
                keys.Append(key);
                key = null; // an error between properties belongs to the object, not to the last key
            }

            MessageObject? entries = MessageObject.TryCreateOwned(keys.ToArray(), values.ToArray(), out string? duplicate);
            if (entries is null)
            {
                var failure = new JsonReadFailure($"Duplicate key \"{duplicate}\"", start);
                JsonPathTrace.Record(failure, duplicate!, start);
                throw failure;
            }

            return Message.Object(entries);
        }
        catch (Exception ex) when (key is not null && JsonPathTrace.Record(ex, key, reader.TokenStartIndex))
        {
            throw new UnreachableException(); // the filter records the path and never catches
        }
        finally
        {
            keys.Dispose();
            values.Dispose();
        }
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailTooDeep(ref Utf8JsonReader reader) =>
        Fail(ref reader, $"Nesting is deeper than the maximum of {Message.MaxDepth} arrays/objects");

    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailIncomplete(ref Utf8JsonReader reader) =>
        Fail(ref reader, "The JSON ends before the value is complete");

    [DoesNotReturn]
    [StackTraceHidden]
    private static void Fail(ref Utf8JsonReader reader, string reason) =>
        throw new JsonReadFailure(reason, reader.TokenStartIndex);

    [DoesNotReturn]
    [StackTraceHidden]
    private static T Fail<T>(ref Utf8JsonReader reader, string reason) =>
        throw new JsonReadFailure(reason, reader.TokenStartIndex);
}
