using System.Buffers.Binary;
using Reflow.Messages;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// Reads the output batch of <c>reflow_process</c> from a span of guest memory: <c>u32 count</c>, then count frames
/// <c>u8 port, u32 length, message</c>. Every message is decoded (and the whole batch checked) before any is emitted,
/// so a malformed batch emits nothing; an error names the frame and its byte offset in the batch.
/// </summary>
internal sealed class WasmBatchOutput
{
    private const int FrameHeader = 5;

    private Message[] _messages = new Message[16];
    private int[] _ports = new int[16];
    private int _count;

    /// <summary>Decodes <paramref name="batch"/>, whose frames may name out-ports 0 to <paramref name="outPorts"/> - 1.</summary>
    /// <exception cref="ScriptException">The batch is malformed.</exception>
    public void Read(ReadOnlySpan<byte> batch, int outPorts, string plugin)
    {
        _count = 0;
        if (batch.Length < sizeof(uint))
        {
            throw Malformed(plugin, $"the output batch is {batch.Length} bytes, too short for its frame count (4 bytes)");
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(batch);
        if (count > (uint)(batch.Length - sizeof(uint)) / FrameHeader)
        {
            throw Malformed(plugin, $"the output batch declares {count} frames, more than its {batch.Length} bytes can hold");
        }

        int offset = sizeof(uint);
        for (int frame = 0; frame < (int)count; frame++)
        {
            if (batch.Length - offset < FrameHeader)
            {
                throw Malformed(plugin, $"frame {frame} at byte offset {offset}: its header (5 bytes) runs past the end of the batch ({batch.Length} bytes)");
            }

            int port = batch[offset];
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(batch[(offset + 1)..]);
            if (port >= outPorts)
            {
                throw Malformed(plugin, $"frame {frame} at byte offset {offset}: out-port {port} does not exist (the plugin declares {outPorts})");
            }

            if (length > (uint)(batch.Length - offset - FrameHeader))
            {
                throw Malformed(plugin, $"frame {frame} at byte offset {offset}: its length {length} runs past the end of the batch ({batch.Length} bytes)");
            }

            int start = offset + FrameHeader;
            if (frame == _messages.Length)
            {
                Array.Resize(ref _messages, frame * 2); // grown as frames arrive, not by the declared count
                Array.Resize(ref _ports, frame * 2);
            }

            ReadOnlySpan<byte> body = batch.Slice(start, (int)length);
            try
            {
                _messages[frame] = Scalar(body, out Message scalar) ? scalar : MessageBinary.Deserialize(body);
            }
            catch (MessageFormatException ex)
            {
                throw Malformed(plugin, $"frame {frame} at byte offset {offset}: not a valid message (its bytes {start} to {start + (int)length}): {ex.Message}", ex);
            }

            _ports[frame] = port;
            _count = frame + 1;
            offset = start + (int)length;
        }

        if (offset != batch.Length)
        {
            throw Malformed(plugin, $"{batch.Length - offset} bytes after the last frame (byte offset {offset})");
        }
    }

    /// <summary>
    /// Decodes a well-formed scalar frame (Flow, Null, Boolean 0|1, Integer, Float of exactly its size) by hand, as the
    /// input side writes them: a MemoryPack call per message was most of the output side's cost. Anything else, a
    /// malformed scalar included, goes to the formatter and its checks.
    /// </summary>
    private static bool Scalar(ReadOnlySpan<byte> body, out Message message)
    {
        message = default;
        if (body.Length == 9)
        {
            long bits = BinaryPrimitives.ReadInt64LittleEndian(body[1..]);
            switch ((MessageKind)body[0])
            {
                case MessageKind.Integer:
                    message = Message.Integer(bits);
                    return true;
                case MessageKind.Float:
                    message = Message.Float(BitConverter.Int64BitsToDouble(bits));
                    return true;
                default:
                    return false;
            }
        }

        if (body.Length == 1 && body[0] <= (byte)MessageKind.Null)
        {
            message = body[0] == (byte)MessageKind.Flow ? Message.Flow : Message.Null;
            return true;
        }

        if (body.Length == 2 && body[0] == (byte)MessageKind.Boolean && body[1] <= 1)
        {
            message = Message.Boolean(body[1] == 1);
            return true;
        }

        return false;
    }

    /// <summary>Emits what <see cref="Read"/> decoded, in frame order, and forgets it.</summary>
    public void Emit(ScriptContext context)
    {
        try
        {
            for (int i = 0; i < _count; i++)
            {
                context.Emit(_ports[i], _messages[i]);
            }
        }
        finally
        {
            Clear();
        }
    }

    /// <summary>Forgets what was decoded (no message outlives its batch here).</summary>
    public void Clear()
    {
        Array.Clear(_messages, 0, _count);
        _count = 0;
    }

    private ScriptException Malformed(string plugin, string what, Exception? inner = null)
    {
        Clear();
        return new ScriptException($"{plugin}: reflow_process wrote a malformed output batch: {what}", file: plugin, innerException: inner);
    }
}
