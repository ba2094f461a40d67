using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using MemoryPack;

namespace Reflow.Messages;

/// <summary>
/// The MemoryPack formatter for <see cref="Message"/>: writes straight into the MemoryPack writer's
/// buffer and reads from its span, validating everything it reads.
/// </summary>
/// <remarks>
/// <para>Format (integers in machine byte order, which is little-endian on every platform MemoryPack
/// supports): one kind byte (the <see cref="MessageKind"/> value), then</para>
/// <list type="bullet">
/// <item>Flow, Null: nothing;</item>
/// <item>Boolean: one byte, 0 or 1;</item>
/// <item>Integer: 8 bytes; Float: the 8 bytes of the IEEE 754 value (NaN payloads and -0.0 kept);</item>
/// <item>String, Error: a MemoryPack string (UTF-8, or UTF-16 when the serializer options ask for it or
/// the text has an unpaired surrogate that UTF-8 cannot carry); never null;</item>
/// <item>Bytes: a 4-byte length, then the bytes;</item>
/// <item>Array: a 4-byte count, then each element in this format;</item>
/// <item>Object: a 4-byte count, then each key (a MemoryPack string) followed by its value, in order;</item>
/// <item>OpenBracket (10), CloseBracket (11): one byte, 0 for no value or 1 followed by the value in this format
/// (never itself a bracket).</item>
/// </list>
/// <para>Reading rejects, with <see cref="MessageFormatException"/> giving the byte offset: an unknown
/// kind byte, a Boolean or bracket value-flag byte other than 0 or 1, a bracket whose value is a bracket, a null or malformed string, a negative count or one
/// larger than the remaining input could hold (checked before allocating), a duplicate object key,
/// nesting deeper than <see cref="Message.MaxDepth"/>, and input that ends early. Writing a message
/// nested deeper than <see cref="Message.MaxDepth"/> also throws, so every written message reads back; writing the
/// engine's internal end-of-edge marker throws <see cref="InvalidOperationException"/>.</para>
/// <para>MemoryPack finds this formatter by itself the first time it meets a <see cref="Message"/>
/// (<see cref="Message"/> implements <see cref="IMemoryPackFormatterRegister"/>). A
/// <c>[MemoryPackable]</c> type with a <see cref="Message"/> member must mark that member
/// <c>[MemoryPackAllowSerialize]</c>, because the source generator only knows about formatters it
/// generated itself. <see cref="MessageBinary"/> wraps the formatter for whole buffers.</para>
/// </remarks>
public sealed partial class MessageFormatter : MemoryPackFormatter<Message>
{
    // The smallest encodings, used to reject counts the remaining input cannot hold.
    private const int MinElementSize = 1; // a kind byte
    private const int MinEntrySize = 5;   // an empty string's header plus a kind byte

    private MessageFormatter()
    {
    }

    /// <summary>Gets the formatter instance (it is stateless and thread-safe).</summary>
    public static MessageFormatter Instance { get; } = new();

    /// <summary>Writes <paramref name="value"/> in the format described on <see cref="MessageFormatter"/>.</summary>
    /// <typeparam name="TBufferWriter">The MemoryPack writer's buffer type.</typeparam>
    /// <param name="writer">The MemoryPack writer.</param>
    /// <param name="value">The message.</param>
    /// <exception cref="MessageFormatException">The message is nested deeper than <see cref="Message.MaxDepth"/>.</exception>
    /// <exception cref="InvalidOperationException">The message is the engine's internal end-of-edge marker.</exception>
    public override void Serialize<TBufferWriter>(ref MemoryPackWriter<TBufferWriter> writer, scoped ref Message value) =>
        WriteMessage(ref writer, value, 0);

    /// <summary>Reads a message written by <see cref="Serialize{TBufferWriter}"/>.</summary>
    /// <param name="reader">The MemoryPack reader.</param>
    /// <param name="value">Receives the message.</param>
    /// <exception cref="MessageFormatException">The input is truncated or is not a valid message.</exception>
    public override void Deserialize(ref MemoryPackReader reader, scoped ref Message value) =>
        value = ReadMessage(ref reader, 0);

    private static void WriteMessage<TBufferWriter>(ref MemoryPackWriter<TBufferWriter> writer, in Message message, int depth)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (message.IsEndOfEdge)
        {
            ThrowHelper.ThrowEndOfEdgeNotWritable("MemoryPack binary");
        }

        MessageKind kind = message.Kind;
        writer.WriteUnmanaged((byte)kind);
        switch (kind)
        {
            case MessageKind.Flow:
            case MessageKind.Null:
                break;
            case MessageKind.Boolean:
                writer.WriteUnmanaged((byte)message.Bits);
                break;
            case MessageKind.Integer:
            case MessageKind.Float:
                writer.WriteUnmanaged(message.Bits);
                break;
            case MessageKind.String:
            case MessageKind.Error:
                WriteText(ref writer, message.PayloadString);
                break;
            case MessageKind.Bytes:
                {
                    byte[] bytes = message.PayloadBytes;
                    writer.WriteCollectionHeader(bytes.Length);
                    if (bytes.Length > 0)
                    {
                        bytes.CopyTo(MemoryMarshal.CreateSpan(ref writer.GetSpanReference(bytes.Length), bytes.Length));
                        writer.Advance(bytes.Length);
                    }

                    break;
                }

            case MessageKind.Array:
                {
                    if (depth >= Message.MaxDepth)
                    {
                        ThrowHelper.ThrowDepthExceeded("MemoryPack binary");
                    }

                    Message[] items = message.PayloadArray;
                    writer.WriteCollectionHeader(items.Length);
                    foreach (Message item in items)
                    {
                        WriteMessage(ref writer, item, depth + 1);
                    }

                    break;
                }

            case MessageKind.Object:
                {
                    if (depth >= Message.MaxDepth)
                    {
                        ThrowHelper.ThrowDepthExceeded("MemoryPack binary");
                    }

                    MessageObject entries = message.PayloadObject;
                    writer.WriteCollectionHeader(entries.Count);
                    for (int i = 0; i < entries.Count; i++)
                    {
                        WriteText(ref writer, entries.GetKey(i));
                        WriteMessage(ref writer, entries.GetValue(i), depth + 1);
                    }

                    break;
                }

            case MessageKind.OpenBracket:
            case MessageKind.CloseBracket:
                if (message.TryGetBracketValue(out Message value))
                {
                    writer.WriteUnmanaged((byte)1);

                    // Not a container level: a bracket's value is never a bracket, so this recurses once.
                    WriteMessage(ref writer, value, depth);
                }
                else
                {
                    writer.WriteUnmanaged((byte)0);
                }

                break;
        }
    }

    /// <summary>
    /// Writes a MemoryPack string. Same bytes as <c>MemoryPackWriter.WriteString</c>, except that a
    /// string with an unpaired surrogate falls back to the UTF-16 form (which MemoryPack readers also
    /// accept) instead of throwing, because such a string is a legal .NET string and a legal message.
    /// </summary>
    private static void WriteText<TBufferWriter>(ref MemoryPackWriter<TBufferWriter> writer, string value)
        where TBufferWriter : IBufferWriter<byte>
    {
        // The UTF-8 bound (3 bytes per UTF-16 unit) must fit in an int; beyond that UTF-16 is the only option.
        long maxUtf8 = ((long)value.Length + 1) * 3;
        if (writer.Options.StringEncoding == StringEncoding.Utf16 || value.Length == 0 || maxUtf8 > int.MaxValue - 8)
        {
            writer.WriteUtf16(value);
            return;
        }

        // UTF-8 form: [~utf8 byte count][utf16 length][utf8 bytes].
        ref byte header = ref writer.GetSpanReference((int)maxUtf8 + 8);
        Span<byte> destination = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref header, 8), (int)maxUtf8);
        OperationStatus status = Utf8.FromUtf16(value, destination, out _, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            // Nothing was advanced yet, so writing the UTF-16 form instead leaves a clean stream.
            writer.WriteUtf16(value);
            return;
        }

        Unsafe.WriteUnaligned(ref header, ~written);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref header, 4), value.Length);
        writer.Advance(written + 8);
    }
}
