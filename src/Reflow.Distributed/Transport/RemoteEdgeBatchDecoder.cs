using System.Buffers;
using System.IO.Hashing;
using K4os.Compression.LZ4;
using MemoryPack;
using Reflow.Messages;

namespace Reflow.Distributed.Transport;

/// <summary>
/// Decodes a Batch frame's messages into a reused array, all or nothing: the payload is checked (length, LZ4, CRC-32)
/// and every message read before any is handed out. Not thread-safe (one per receiver).
/// </summary>
internal sealed class RemoteEdgeBatchDecoder : IDisposable
{
    private readonly string _edge;
    private byte[] _scratch = [];
    private Message[] _messages = [];

    public RemoteEdgeBatchDecoder(string edge)
    {
        MessageBinary.EnsureRegistered();
        _edge = edge;
    }

    /// <summary>The messages of the last <see cref="Decode"/>, valid until the next call or <see cref="Clear"/>.</summary>
    public ReadOnlySpan<Message> Messages => _messages.AsSpan(0, Count);

    public int Count { get; private set; }

    /// <summary>Decodes <paramref name="frame"/> (whose header <see cref="RemoteEdgeFrame.Read"/> returned as <paramref name="header"/>).</summary>
    /// <exception cref="RemoteEdgeProtocolException">The payload is damaged or does not hold exactly the declared messages.</exception>
    public void Decode(ReadOnlySpan<byte> frame, in RemoteEdgeFrameHeader header)
    {
        Clear();
        ReadOnlySpan<byte> stored = frame[RemoteEdgeFrame.BatchHeaderLength..];
        ReadOnlySpan<byte> payload = stored;
        if (header.Compressed)
        {
            if (_scratch.Length < header.UncompressedLength)
            {
                ReturnScratch();
                _scratch = ArrayPool<byte>.Shared.Rent(header.UncompressedLength);
            }

            int decoded;
            try
            {
                decoded = LZ4Codec.Decode(stored, _scratch.AsSpan(0, header.UncompressedLength));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw RemoteEdgeFrame.Fail(_edge, "payload", RemoteEdgeFrame.BatchHeaderLength, "the LZ4 block is corrupt", ex);
            }

            if (decoded != header.UncompressedLength)
            {
                throw RemoteEdgeFrame.Fail(_edge, "payload", RemoteEdgeFrame.BatchHeaderLength,
                    decoded < 0 ? "the LZ4 block is corrupt" : $"the LZ4 block holds {decoded} bytes, not the {header.UncompressedLength} declared");
            }

            payload = _scratch.AsSpan(0, decoded);
        }

        uint actual = Crc32.HashToUInt32(payload);
        if (actual != header.Checksum)
        {
            throw RemoteEdgeFrame.Fail(_edge, "CRC-32", 20, $"the payload hashes to 0x{actual:X8}, not 0x{header.Checksum:X8}");
        }

        if (_messages.Length < header.Count)
        {
            _messages = new Message[Math.Max(header.Count, Math.Min(_messages.Length * 2, RemoteEdgeFrame.MaxBatchCount))];
        }

        ReadMessages(payload, header.Count);
    }

    /// <summary>Drops the references to the last batch's messages (so the decoder does not keep them alive).</summary>
    public void Clear()
    {
        _messages.AsSpan(0, Count).Clear();
        Count = 0;
    }

    public void Dispose()
    {
        Clear();
        ReturnScratch();
    }

    private void ReadMessages(ReadOnlySpan<byte> payload, int count)
    {
        using MemoryPackReaderOptionalState state = MemoryPackReaderOptionalStatePool.Rent(MemoryPackSerializerOptions.Default);
        var reader = new MemoryPackReader(payload, state);
        try
        {
            for (int i = 0; i < count; i++)
            {
                if (reader.Remaining == 0)
                {
                    throw RemoteEdgeFrame.Fail(_edge, "payload", RemoteEdgeFrame.BatchHeaderLength + reader.Consumed, $"it ends after {i} of the {count} messages declared");
                }

                MessageFormatter.Instance.Deserialize(ref reader, ref _messages[i]);
                Count = i + 1;
            }
        }
        catch (Exception ex) when (ex is MessageFormatException or MemoryPackSerializationException)
        {
            Clear();
            throw RemoteEdgeFrame.Fail(_edge, "payload", RemoteEdgeFrame.BatchHeaderLength + reader.Consumed, "a message passed the checksum but does not decode", ex);
        }
        catch (RemoteEdgeProtocolException)
        {
            Clear();
            throw;
        }

        if (reader.Remaining != 0)
        {
            int consumed = reader.Consumed;
            Clear();
            throw RemoteEdgeFrame.Fail(_edge, "payload", RemoteEdgeFrame.BatchHeaderLength + consumed, $"{payload.Length - consumed} bytes follow the {count} messages declared");
        }
    }

    private void ReturnScratch()
    {
        if (_scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = [];
        }
    }
}
