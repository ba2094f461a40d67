namespace Reflow.Messages;

/// <summary>
/// A semantic JSON error found by <see cref="MessageJson"/> (as opposed to a syntax error reported by
/// <see cref="System.Text.Json.Utf8JsonReader"/>). It never leaves <see cref="MessageJson"/>: the public
/// entry points turn it into a <see cref="MessageFormatException"/> once the path is known.
/// </summary>
internal sealed class JsonReadFailure : Exception
{
    public JsonReadFailure(string reason, long byteOffset)
        : base(reason)
    {
        ByteOffset = byteOffset;
    }

    public long ByteOffset { get; }
}
