using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using MemoryPack;

namespace Reflow.Messages;

// Decoding. Every read is preceded by an explicit check against reader.Remaining, so corrupt input
// ends in a MessageFormatException naming the offset, never in an exception from MemoryPack or the
// runtime, and no array is allocated for a count the input cannot back.
public sealed partial class MessageFormatter
{
    private const int MemoryPackNullCollection = -1;

    private static Message ReadMessage(ref MemoryPackReader reader, int depth)
    {
        int start = reader.Consumed;
        Require(ref reader, 1, "a message kind byte");
        byte kind = reader.ReadUnmanaged<byte>();
        switch ((MessageKind)kind)
        {
            case MessageKind.Flow:
                return Message.Flow;
            case MessageKind.Null:
                return Message.Null;
            case MessageKind.Boolean:
                {
                    Require(ref reader, 1, "a Boolean value");
                    byte value = reader.ReadUnmanaged<byte>();
                    if (value > 1)
                    {
                        Fail(reader.Consumed - 1, $"invalid Boolean byte 0x{value:X2} (expected 0 or 1)");
                    }

                    return Message.Boolean(value == 1);
                }

            case MessageKind.Integer:
                Require(ref reader, sizeof(long), "an Integer value");
                return Message.Integer(reader.ReadUnmanaged<long>());
            case MessageKind.Float:
                Require(ref reader, sizeof(long), "a Float value");
                return Message.Float(BitConverter.Int64BitsToDouble(reader.ReadUnmanaged<long>()));
            case MessageKind.String:
                return Message.String(ReadText(ref reader, "String text"));
            case MessageKind.Error:
                return Message.Error(ReadText(ref reader, "Error text"));
            case MessageKind.Bytes:
                return ReadBytes(ref reader);
            case MessageKind.Array:
                return ReadArray(ref reader, depth, start);
            case MessageKind.Object:
                return ReadObject(ref reader, depth, start);
            case MessageKind.OpenBracket:
            case MessageKind.CloseBracket:
                return ReadBracket(ref reader, (MessageKind)kind, depth);
            default:
                return Fail<Message>(start, $"unknown message kind byte 0x{kind:X2}");
        }
    }

    private static Message ReadBracket(ref MemoryPackReader reader, MessageKind kind, int depth)
    {
        bool open = kind == MessageKind.OpenBracket;
        Require(ref reader, 1, "a bracket's value flag");
        byte flag = reader.ReadUnmanaged<byte>();
        if (flag == 0)
        {
            return open ? Message.OpenBracket() : Message.CloseBracket();
        }

        if (flag != 1)
        {
            Fail(reader.Consumed - 1, $"invalid {kind} value flag 0x{flag:X2} (expected 0 or 1)");
        }

        int at = reader.Consumed;
        Message value = ReadMessage(ref reader, depth);
        if (value.IsBracket)
        {
            Fail(at, $"the value of the {kind} is a {value.Kind}, but a bracket's value cannot be a bracket");
        }

        return open ? Message.OpenBracket(value) : Message.CloseBracket(value);
    }

    private static Message ReadBytes(ref MemoryPackReader reader)
    {
        int length = ReadCount(ref reader, 1, "Bytes length");
        if (length == 0)
        {
            return Message.FromOwnedBytes([]);
        }

        byte[] bytes = GC.AllocateUninitializedArray<byte>(length);
        MemoryMarshal.CreateReadOnlySpan(ref reader.GetSpanReference(length), length).CopyTo(bytes);
        reader.Advance(length);
        return Message.FromOwnedBytes(bytes);
    }

    private static Message ReadArray(ref MemoryPackReader reader, int depth, int start)
    {
        if (depth >= Message.MaxDepth)
        {
            Fail(start, $"nesting is deeper than the maximum of {Message.MaxDepth} arrays/objects");
        }

        int count = ReadCount(ref reader, MinElementSize, "Array count");
        if (count == 0)
        {
            return Message.FromOwnedArray([]);
        }

        var items = new Message[count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = ReadMessage(ref reader, depth + 1);
        }

        return Message.FromOwnedArray(items);
    }

    private static Message ReadObject(ref MemoryPackReader reader, int depth, int start)
    {
        if (depth >= Message.MaxDepth)
        {
            Fail(start, $"nesting is deeper than the maximum of {Message.MaxDepth} arrays/objects");
        }

        int count = ReadCount(ref reader, MinEntrySize, "Object entry count");
        var keys = new string[count];
        var values = new Message[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = ReadText(ref reader, "an Object key");
            values[i] = ReadMessage(ref reader, depth + 1);
        }

        MessageObject? entries = MessageObject.TryCreateOwned(keys, values, out string? duplicate);
        return entries is not null
            ? Message.Object(entries)
            : Fail<Message>(start, $"duplicate key \"{duplicate}\" in the Object");
    }

    /// <summary>Reads a count and checks it against what the remaining input can hold.</summary>
    private static int ReadCount(ref MemoryPackReader reader, int minItemSize, string what)
    {
        int at = reader.Consumed;
        Require(ref reader, sizeof(int), what);
        int count = reader.ReadUnmanaged<int>();
        if (count == MemoryPackNullCollection)
        {
            Fail(at, $"{what} is null, which a message never contains");
        }

        if (count < 0)
        {
            Fail(at, $"{what} is negative ({count})");
        }

        if ((long)count * minItemSize > reader.Remaining)
        {
            Fail(at, $"{what} {count} needs at least {(long)count * minItemSize} more bytes, but only {reader.Remaining} remain");
        }

        return count;
    }

    /// <summary>Reads a MemoryPack string (UTF-16 or UTF-8 form), rejecting null and malformed text.</summary>
    private static string ReadText(ref MemoryPackReader reader, string what)
    {
        int at = reader.Consumed;
        Require(ref reader, sizeof(int), what);
        int header = reader.ReadUnmanaged<int>();
        if (header == 0)
        {
            return string.Empty;
        }

        if (header == MemoryPackNullCollection)
        {
            Fail(at, $"{what} is a null string, which a message never contains");
        }

        if (header > 0)
        {
            // UTF-16 form: the header is the char count. Any sequence of UTF-16 units is a valid .NET string.
            long byteCount = (long)header * sizeof(char);
            if (byteCount > reader.Remaining)
            {
                Fail(at, $"{what} declares {header} UTF-16 chars ({byteCount} bytes), but only {reader.Remaining} bytes remain");
            }

            int length = (int)byteCount;
            ReadOnlySpan<byte> utf16 = MemoryMarshal.CreateReadOnlySpan(ref reader.GetSpanReference(length), length);
            string text = new(MemoryMarshal.Cast<byte, char>(utf16));
            reader.Advance(length);
            return text;
        }

        // UTF-8 form: [~utf8 byte count][utf16 length][utf8 bytes].
        int utf8Length = ~header;
        Require(ref reader, sizeof(int), what);
        int utf16Length = reader.ReadUnmanaged<int>();
        if (utf8Length > reader.Remaining)
        {
            Fail(at, $"{what} declares {utf8Length} UTF-8 bytes, but only {reader.Remaining} remain");
        }

        // Each UTF-16 unit takes at least one UTF-8 byte.
        if (utf16Length <= 0 || utf16Length > utf8Length)
        {
            Fail(at, $"{what} declares {utf16Length} UTF-16 chars for {utf8Length} UTF-8 bytes, which cannot both be right");
        }

        ReadOnlySpan<byte> utf8 = MemoryMarshal.CreateReadOnlySpan(ref reader.GetSpanReference(utf8Length), utf8Length);
        if (!Utf8.IsValid(utf8))
        {
            Fail(at, $"{what} is not valid UTF-8");
        }

        string decoded = Encoding.UTF8.GetString(utf8);
        if (decoded.Length != utf16Length)
        {
            Fail(at, $"{what} decodes to {decoded.Length} UTF-16 chars, but its header says {utf16Length}");
        }

        reader.Advance(utf8Length);
        return decoded;
    }

    private static void Require(ref MemoryPackReader reader, int byteCount, string what)
    {
        if (reader.Remaining < byteCount)
        {
            FailTruncated(reader.Consumed, byteCount, reader.Remaining, what);
        }
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private static void FailTruncated(int offset, int needed, long remaining, string what) =>
        Fail(offset, $"the input ends where {what} was expected ({needed} bytes needed, {remaining} left)");

    [DoesNotReturn]
    [StackTraceHidden]
    private static void Fail(long offset, string reason) =>
        throw new MessageFormatException($"Invalid message binary at byte offset {offset}: {reason}.", null, offset);

    [DoesNotReturn]
    [StackTraceHidden]
    private static T Fail<T>(long offset, string reason) =>
        throw new MessageFormatException($"Invalid message binary at byte offset {offset}: {reason}.", null, offset);
}
