using CsCheck;
using Reflow.Distributed.Transport;

namespace Reflow.Distributed.Tests.Properties;

/// <summary>
/// The control frames (End, Probe, Credit, EndAck) beside RemoteEdgeFrameTests' batches: any count reads back, a
/// negative one and any damaged frame are refused with RemoteEdgeProtocolException naming the field.
/// </summary>
public sealed class RemoteEdgeControlFrameProperties
{
    private const string Seed = "0N0XIzNsQ0O2";
    private const string Edge = "remote edge 3 of run p";

    private static readonly Gen<RemoteEdgeFrameKind> SmallKind = Gen.OneOf(RemoteEdgeFrameKind.End, RemoteEdgeFrameKind.Probe, RemoteEdgeFrameKind.Credit);

    [Fact]
    public void Any_count_in_a_control_frame_reads_back_and_a_negative_one_is_refused() =>
        Gen.Select(SmallKind, Gen.Long, Gen.Long).Sample((kind, value, lost) =>
        {
            byte[] small = new byte[RemoteEdgeFrame.SmallFrameLength];
            RemoteEdgeFrame.WriteSmall(small, kind, value);
            byte[] ack = new byte[RemoteEdgeFrame.EndAckLength];
            RemoteEdgeFrame.WriteEndAck(ack, value, lost);
            if (value < 0)
            {
                Assert.Equal("count", Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrame.Read(small, Edge)).Field);
                Assert.Equal("received count", Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrame.Read(ack, Edge)).Field);
                return;
            }

            Assert.Equal(new RemoteEdgeFrameHeader(kind, value, 0, 0, false, 0, 0), RemoteEdgeFrame.Read(small, Edge));
            if (lost < 0)
            {
                Assert.Equal("lost count", Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrame.Read(ack, Edge)).Field);
            }
            else
            {
                Assert.Equal(new RemoteEdgeFrameHeader(RemoteEdgeFrameKind.EndAck, value, lost, 0, false, 0, 0), RemoteEdgeFrame.Read(ack, Edge));
            }
        }, iter: 5_000, seed: Seed);

    [Fact]
    public void Any_damaged_control_frame_is_read_or_refused_with_RemoteEdgeProtocolException() =>
        Reflow.Tests.Properties.Mutations.Damaged(Gen.Select(SmallKind, Gen.Long[0, long.MaxValue], Gen.Bool).Select((kind, value, ack) =>
        {
            byte[] frame = new byte[ack ? RemoteEdgeFrame.EndAckLength : RemoteEdgeFrame.SmallFrameLength];
            if (ack)
            {
                RemoteEdgeFrame.WriteEndAck(frame, value, value / 3);
            }
            else
            {
                RemoteEdgeFrame.WriteSmall(frame, kind, value);
            }

            return frame;
        })).Sample(bytes =>
        {
            try
            {
                RemoteEdgeFrameHeader header = RemoteEdgeFrame.Read(bytes, Edge);
                Assert.True(header.Value >= 0 && header.Value2 >= 0, "a count read negative");
            }
            catch (RemoteEdgeProtocolException ex)
            {
                Assert.Equal(Edge, ex.Edge);
                Assert.False(string.IsNullOrEmpty(ex.Field));
                Assert.InRange(ex.ByteOffset, 0, Math.Max(bytes.Length, RemoteEdgeFrame.BatchHeaderLength));
            }
        }, iter: 10_000, seed: Seed);
}
