using System.Buffers;
using MemoryPack;

namespace Reflow.Messages;

/// <summary>
/// Serializes messages to MemoryPack binary with <see cref="MessageFormatter"/> (see there for the
/// format), making sure the formatter is registered with MemoryPack first.
/// </summary>
public static class MessageBinary
{
    // The static constructor runs exactly once, on any thread, before the first use of this class.
    static MessageBinary() => MemoryPackFormatterProvider.Register(MessageFormatter.Instance);

    /// <summary>
    /// Registers <see cref="MessageFormatter"/> with MemoryPack, if not done yet. Rarely needed: the
    /// methods here and MemoryPack's own lookup register it on first use.
    /// </summary>
    public static void EnsureRegistered()
    {
        // Calling any member runs the static constructor; the body has nothing left to do.
    }

    /// <summary>Writes <paramref name="message"/> to <paramref name="destination"/>.</summary>
    /// <param name="destination">The buffer to append to.</param>
    /// <param name="message">The message.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="MessageFormatException">The message is nested deeper than <see cref="Message.MaxDepth"/>.</exception>
    public static void Serialize(IBufferWriter<byte> destination, in Message message)
    {
        ArgumentNullException.ThrowIfNull(destination);
        MemoryPackSerializer.Serialize(destination, message);
    }

    /// <summary>Returns the binary form of <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    /// <returns>A new array holding exactly the encoded message.</returns>
    /// <exception cref="MessageFormatException">The message is nested deeper than <see cref="Message.MaxDepth"/>.</exception>
    public static byte[] Serialize(in Message message) => MemoryPackSerializer.Serialize(message);

    /// <summary>Reads the one message that <paramref name="source"/> holds.</summary>
    /// <param name="source">Exactly one encoded message.</param>
    /// <returns>The message; it does not reference <paramref name="source"/>.</returns>
    /// <exception cref="MessageFormatException">
    /// The input is truncated, is not a valid message, or has bytes after the message.
    /// </exception>
    public static Message Deserialize(ReadOnlySpan<byte> source)
    {
        Message message = default;
        int consumed;
        try
        {
            consumed = MemoryPackSerializer.Deserialize(source, ref message);
        }
        catch (MemoryPackSerializationException ex)
        {
            throw new MessageFormatException($"Invalid message binary: {ex.Message}", ex);
        }

        if (consumed != source.Length)
        {
            throw new MessageFormatException(
                $"Invalid message binary at byte offset {consumed}: {source.Length - consumed} unexpected bytes after the message.",
                null,
                consumed);
        }

        return message;
    }
}
