using System.Buffers.Binary;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Tests.Transport;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Limits;

/// <summary>Remote edge frames (RemoteEdgeFrame.MaxFrameLength, MaxBatchCount) and the deployment's max_batch (DeploymentFile.MaxBatchLimit).</summary>
public sealed class RemoteEdgeLimitTests
{
    private const string Edge = "remote edge 1 of run limits";

    [Fact]
    public void A_frame_of_MaxFrameLength_bytes_passes_the_length_check_and_one_byte_more_is_refused_for_its_length()
    {
        byte[] frame = new byte[RemoteEdgeFrame.MaxFrameLength];
        RemoteEdgeFrame.WriteSmall(frame, RemoteEdgeFrameKind.End, 0);
        // An End frame is 11 bytes, so it is refused, but for its kind's length, not for the limit.
        Assert.Contains($"frame is {RemoteEdgeFrame.SmallFrameLength} bytes, not {RemoteEdgeFrame.MaxFrameLength}", Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrame.Read(frame, Edge)).Message, StringComparison.Ordinal);

        byte[] past = new byte[RemoteEdgeFrame.MaxFrameLength + 1];
        RemoteEdgeFrame.WriteSmall(past, RemoteEdgeFrameKind.End, 0);
        RemoteEdgeProtocolException error = Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrame.Read(past, Edge));
        Assert.Equal(("frame length", 0), (error.Field, error.ByteOffset));
        Assert.Contains($"over the {RemoteEdgeFrame.MaxFrameLength}-byte limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_of_MaxBatchCount_messages_reads_back_and_a_count_past_it_is_refused()
    {
        Message[] messages = [.. Enumerable.Range(0, RemoteEdgeFrame.MaxBatchCount).Select(i => Message.Integer(i))];
        byte[] frame = RemoteEdgeFrameTests.EncodeBatch(messages);
        (RemoteEdgeFrameHeader header, Message[] read) = RemoteEdgeFrameTests.Decode(frame);
        Assert.Equal(RemoteEdgeFrame.MaxBatchCount, header.Count);
        Assert.Equal(messages, read);

        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(11), RemoteEdgeFrame.MaxBatchCount + 1);
        RemoteEdgeProtocolException error = Assert.Throws<RemoteEdgeProtocolException>(() => RemoteEdgeFrameTests.Decode(frame));
        Assert.Equal("message count", error.Field);
    }

    [Fact]
    public void A_deployment_max_batch_of_MaxBatchLimit_is_read_and_one_more_is_a_DeploymentException()
    {
        Assert.Equal(DeploymentFile.MaxBatchLimit, DeploymentFile.Parse($"[edges]\nmax_batch = {DeploymentFile.MaxBatchLimit}\n").MaxBatch);
        DeploymentException error = Assert.Throws<DeploymentException>(() => DeploymentFile.Parse($"[edges]\nmax_batch = {DeploymentFile.MaxBatchLimit + 1}\n"));
        Assert.Contains($"{DeploymentFile.MaxBatchLimit}", error.Message, StringComparison.Ordinal);
    }
}
