namespace Reflow.Messages;

/// <summary>
/// The exception every message decoder throws for input that is corrupt, truncated, or does not
/// describe a valid message: <see cref="MessageJson"/>, <see cref="MessageBinary"/>,
/// <see cref="MessageFormatter"/> and <see cref="MessageFrameCodec"/>.
/// </summary>
/// <remarks>
/// <para>
/// The message says where the problem is (a byte offset into binary input, or a JSON path such as
/// <c>$.a[3].b</c> with a line and position when the JSON parser reported one) and what was
/// expected. The same facts are available as <see cref="ByteOffset"/>, <see cref="Path"/>,
/// <see cref="LineNumber"/> and <see cref="BytePositionInLine"/>. Errors raised by the underlying
/// libraries (System.Text.Json, MemoryPack, LZ4) are kept as <see cref="Exception.InnerException"/>.
/// </para>
/// <para>
/// The JSON writers also throw it for a message nested deeper than <see cref="Message.MaxDepth"/>,
/// which the format cannot carry.
/// </para>
/// </remarks>
public sealed class MessageFormatException : FormatException
{
    /// <summary>Creates an exception with a default message.</summary>
    public MessageFormatException()
        : base("The input is not a valid message.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong and where.</param>
    public MessageFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The error reported by the underlying parser or decoder.</param>
    public MessageFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal MessageFormatException(
        string message,
        Exception? innerException,
        long? byteOffset,
        string? path = null,
        long? lineNumber = null,
        long? bytePositionInLine = null)
        : base(message, innerException)
    {
        ByteOffset = byteOffset;
        Path = path;
        LineNumber = lineNumber;
        BytePositionInLine = bytePositionInLine;
    }

    /// <summary>
    /// Gets the offset, in bytes from the start of the input, of the value or header field that is
    /// wrong, when known.
    /// </summary>
    public long? ByteOffset { get; }

    /// <summary>Gets the JSON path of the value that is wrong (for example <c>$.a[3].b</c>), for JSON input.</summary>
    public string? Path { get; }

    /// <summary>Gets the zero-based line of the JSON syntax error, when the JSON parser reported one.</summary>
    public long? LineNumber { get; }

    /// <summary>Gets the zero-based byte position within <see cref="LineNumber"/>, when the JSON parser reported one.</summary>
    public long? BytePositionInLine { get; }
}
