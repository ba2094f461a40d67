using System.Buffers;
using System.IO.Hashing;
using K4os.Compression.LZ4;
using MemoryPack;
using Reflow.Messages;

namespace Reflow.Distributed.Transport;

/// <summary>
/// Builds one Batch frame at a time in a pooled buffer that grows to the largest batch seen and is then reused: no
/// allocation per message or per frame. Not thread-safe (one per sender).
/// </summary>
internal sealed class RemoteEdgeBatchEncoder : IBufferWriter<byte>, IDisposable
{
    // Rented once for the encoder's life (it holds no buffers; MemoryPack has no way to hand it back outside a serialize call).
    private readonly MemoryPackWriterOptionalState _state;
    private byte[] _buffer;
    private byte[] _compressed = [];
    private int _written;

    public RemoteEdgeBatchEncoder(int initialCapacity = 64 * 1024)
    {
        MessageBinary.EnsureRegistered();
        _state = MemoryPackWriterOptionalStatePool.Rent(MemoryPackSerializerOptions.Default);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, RemoteEdgeFrame.BatchHeaderLength + 256));
        _written = RemoteEdgeFrame.BatchHeaderLength;
    }

    /// <summary>Messages added since the last <see cref="Reset"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Payload bytes written since the last <see cref="Reset"/>.</summary>
    public int PayloadLength => _written - RemoteEdgeFrame.BatchHeaderLength;

    /// <summary>Starts a new batch.</summary>
    public void Reset()
    {
        _written = RemoteEdgeFrame.BatchHeaderLength;
        Count = 0;
    }

    /// <summary>Appends a message unless that takes the payload past <paramref name="payloadBudget"/> in a batch that already has one.</summary>
    /// <returns><see langword="false"/> when the message did not fit (nothing was written; send the batch and add it to the next).</returns>
    public bool TryAdd(in Message message, int payloadBudget)
    {
        int before = _written;
        RemoteEdgeBatchEncoder self = this;
        var writer = new MemoryPackWriter<RemoteEdgeBatchEncoder>(ref self, _state);
        Message value = message;
        MessageFormatter.Instance.Serialize(ref writer, ref value);
        writer.Flush();
        if (Count > 0 && PayloadLength > payloadBudget)
        {
            _written = before; // the bytes stay in the buffer but are written over by the next batch
            return false;
        }

        Count++;
        return true;
    }

    /// <summary>Writes the header (compressing the payload when it is over the threshold and shrinks) and returns the frame.</summary>
    /// <remarks>The memory is the encoder's: valid until the next call on it.</remarks>
    public ReadOnlyMemory<byte> Finish(long firstSequence, int compressionThreshold)
    {
        int length = PayloadLength;
        ReadOnlySpan<byte> payload = _buffer.AsSpan(RemoteEdgeFrame.BatchHeaderLength, length);
        uint checksum = Crc32.HashToUInt32(payload);
        if (length > compressionThreshold)
        {
            int needed = RemoteEdgeFrame.BatchHeaderLength + length;
            if (_compressed.Length < needed)
            {
                ReturnCompressed();
                _compressed = ArrayPool<byte>.Shared.Rent(needed);
            }

            // A target one byte short of the payload makes LZ4 give up exactly when compression would not shrink it.
            int stored = LZ4Codec.Encode(payload, _compressed.AsSpan(RemoteEdgeFrame.BatchHeaderLength, length - 1), LZ4Level.L00_FAST);
            if (stored > 0)
            {
                RemoteEdgeFrame.WriteBatchHeader(_compressed, firstSequence, Count, true, length, checksum);
                return _compressed.AsMemory(0, RemoteEdgeFrame.BatchHeaderLength + stored);
            }
        }

        RemoteEdgeFrame.WriteBatchHeader(_buffer, firstSequence, Count, false, length, checksum);
        return _buffer.AsMemory(0, _written);
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        ReturnCompressed();
    }

    private void Grow(int sizeHint)
    {
        int needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private void ReturnCompressed()
    {
        if (_compressed.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_compressed);
            _compressed = [];
        }
    }
}
