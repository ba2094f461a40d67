namespace Reflow.Distributed.Transport;

/// <summary>The kind byte (byte 2) of a remote edge frame.</summary>
internal enum RemoteEdgeFrameKind : byte
{
    /// <summary>Data subject: messages, with their first sequence number.</summary>
    Batch = 1,

    /// <summary>Data subject: end of stream, with the total count of messages sent.</summary>
    End = 2,

    /// <summary>Data subject: the sender's next sequence, sent when credit has stopped moving.</summary>
    Probe = 3,

    /// <summary>Credit subject: the cumulative count of messages delivered or declared lost.</summary>
    Credit = 10,

    /// <summary>Credit subject: end of stream seen, with the counts received and lost.</summary>
    EndAck = 11,
}
