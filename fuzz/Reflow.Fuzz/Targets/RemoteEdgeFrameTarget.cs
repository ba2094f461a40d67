using Reflow.Distributed.Transport;

namespace Reflow.Fuzz.Targets;

/// <summary>
/// A remote edge's NATS message as its receiver reads it: <see cref="RemoteEdgeFrame.Read"/>, then for a Batch
/// <see cref="RemoteEdgeBatchDecoder.Decode"/>; both may only throw <see cref="RemoteEdgeProtocolException"/>.
/// </summary>
internal sealed class RemoteEdgeFrameTarget : FuzzTarget
{
    public override string Name => "remote-edge-frame";

    /// <summary>LZ4 expands up to 255 times; the messages read from that may double their strings (UTF-16).</summary>
    public override long AllocationPerInputByte => 1024;

    public override void Check(ReadOnlySpan<byte> input)
    {
        try
        {
            RemoteEdgeFrameHeader header = RemoteEdgeFrame.Read(input, "fuzz.OUT -> IN fuzz2");
            if (header.Kind == RemoteEdgeFrameKind.Batch)
            {
                using var decoder = new RemoteEdgeBatchDecoder("fuzz.OUT -> IN fuzz2");
                decoder.Decode(input, header);
                if (decoder.Count != header.Count)
                {
                    throw new InvalidOperationException($"The batch declared {header.Count} messages and decoded {decoder.Count}.");
                }
            }
        }
        catch (RemoteEdgeProtocolException)
        {
        }
    }
}
