namespace Reflow.Distributed.Transport;

/// <summary>
/// A remote edge received a frame it cannot accept: damaged, truncated, too large, of an unknown kind or version, or
/// contradicting what the edge already knows. The frame is refused and counted; the edge goes on.
/// </summary>
public sealed class RemoteEdgeProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteEdgeProtocolException()
        : this("Invalid remote edge frame.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public RemoteEdgeProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RemoteEdgeProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a field of a frame.</summary>
    /// <param name="edge">The edge, as text ("remote edge 3 of run r1").</param>
    /// <param name="field">The field that is wrong.</param>
    /// <param name="byteOffset">Its byte offset in the frame.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RemoteEdgeProtocolException(string edge, string field, int byteOffset, string problem, Exception? innerException = null)
        : base($"Invalid frame on {edge}: {field} at byte offset {byteOffset}: {problem}.", innerException)
    {
        Edge = edge;
        Field = field;
        ByteOffset = byteOffset;
    }

    /// <summary>The edge the frame arrived on, or <see langword="null"/>.</summary>
    public string? Edge { get; }

    /// <summary>The field that was wrong, or <see langword="null"/>.</summary>
    public string? Field { get; }

    /// <summary>The byte offset of that field in the frame, or -1.</summary>
    public int ByteOffset { get; } = -1;
}
