namespace Reflow.Distributed.Transport;

/// <summary>A frame's fixed fields, checked by <see cref="RemoteEdgeFrame.Read"/>.</summary>
/// <param name="Kind">The frame kind.</param>
/// <param name="Value">Batch: first sequence; End: total sent; Probe: next sequence; Credit: cumulative count; EndAck: received.</param>
/// <param name="Value2">EndAck: lost; otherwise 0.</param>
/// <param name="Count">Batch: its message count; otherwise 0.</param>
/// <param name="Compressed">Batch: whether the payload is LZ4 block-compressed.</param>
/// <param name="UncompressedLength">Batch: the payload's length before compression.</param>
/// <param name="Checksum">Batch: the CRC-32 of the uncompressed payload.</param>
internal readonly record struct RemoteEdgeFrameHeader(
    RemoteEdgeFrameKind Kind, long Value, long Value2, int Count, bool Compressed, int UncompressedLength, uint Checksum);
