using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>The frame hot path: scalars are encoded and decoded without an allocation per message.</summary>
public sealed class RemoteEdgeAllocationTests
{
    [Theory]
    [InlineData(int.MaxValue)] // stored
    [InlineData(4096)]         // LZ4-compressed (1024 scalars are about 9 KB)
    public void A_batch_of_scalars_is_encoded_and_decoded_without_allocating_per_message(int threshold)
    {
        using var encoder = new RemoteEdgeBatchEncoder();
        using var decoder = new RemoteEdgeBatchDecoder("remote edge 0 of run t");
        long checksum = 0;
        void Round(int batch)
        {
            encoder.Reset();
            for (int i = 0; i < 1024; i++)
            {
                Assert.True(encoder.TryAdd(Message.Integer((batch * 1024L) + i), 1 << 20));
            }

            ReadOnlySpan<byte> frame = encoder.Finish(batch * 1024L, threshold).Span;
            RemoteEdgeFrameHeader header = RemoteEdgeFrame.Read(frame, "remote edge 0 of run t");
            decoder.Decode(frame, header);
            foreach (Message message in decoder.Messages)
            {
                checksum += message.TryGetInteger(out long value) ? value : -1;
            }

            decoder.Clear();
        }

        Round(0); // warms the buffers up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int batch = 1; batch <= 200; batch++)
        {
            Round(batch);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 200 * 64, $"{allocated} bytes allocated for 200 batches of 1024 scalars");
        Assert.Equal(Enumerable.Range(0, 201 * 1024).Sum(i => (long)i), checksum);
    }
}
