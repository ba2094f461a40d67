using System.Buffers;
using System.Buffers.Binary;

namespace Reflow.Scripting.Python;

/// <summary>
/// The frames between the host and one worker, over its stdin (to it) and stdout (from it): <c>u32 LE length</c> (of
/// the type byte and the payload), <c>u8 type</c>, payload (marshal). One buffer each way, reused for every frame.
/// </summary>
/// <remarks>Blocking: a deadline is kept by killing the worker, which ends a pending read with end of stream.</remarks>
internal sealed class PythonChannel(Stream fromWorker, Stream toWorker) : IDisposable
{
    /// <summary>The most one frame (type byte and payload) carries: 256 MiB.</summary>
    public const int MaxFrameBytes = 256 << 20;

    /// <summary>What <see cref="Receive"/> returns at the end of the worker's output.</summary>
    public const int EndOfStream = -1;

    private const int Header = 5;

    private byte[] _payload = ArrayPool<byte>.Shared.Rent(4096);
    private int _payloadLength;

    /// <summary>Where a frame being sent is written (after <see cref="Begin"/>).</summary>
    public PythonMarshalWriter Writer { get; } = new();

    /// <summary>The payload of the frame last received (its first <see cref="PayloadLength"/> bytes).</summary>
    public byte[] Payload => _payload;

    public int PayloadLength => _payloadLength;

    /// <summary>Starts a frame of <paramref name="type"/>; write its payload with <see cref="Writer"/>, then <see cref="Send"/>.</summary>
    public PythonMarshalWriter Begin(byte type)
    {
        Writer.Reset(Header);
        Writer.PatchByte(4, type);
        return Writer;
    }

    /// <summary>Sends the frame begun last.</summary>
    /// <exception cref="IOException">The worker's stdin is closed (it exited).</exception>
    public void Send()
    {
        Writer.PatchUInt32(0, (uint)(Writer.Length - 4));
        toWorker.Write(Writer.Written);
        toWorker.Flush();
    }

    /// <summary>Reads the next frame: its type, or <see cref="EndOfStream"/> when the worker's output ended (at or inside a frame).</summary>
    /// <exception cref="InvalidDataException">The worker announced a frame that is empty or larger than <see cref="MaxFrameBytes"/>.</exception>
    public int Receive()
    {
        Span<byte> header = stackalloc byte[Header];
        if (!Fill(header))
        {
            return EndOfStream;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length is 0 or > MaxFrameBytes)
        {
            throw new InvalidDataException($"The Python worker sent a frame of {length} bytes (a frame holds 1 to {MaxFrameBytes} bytes): its output is not the runner's frames; did something write to fd 1?");
        }

        int size = (int)length - 1;
        if (size > _payload.Length)
        {
            ArrayPool<byte>.Shared.Return(_payload);
            _payload = ArrayPool<byte>.Shared.Rent(size);
        }

        _payloadLength = size;
        return Fill(_payload.AsSpan(0, size)) ? header[4] : EndOfStream;
    }

    private bool Fill(Span<byte> destination)
    {
        int read = 0;
        while (read < destination.Length)
        {
            int n;
            try
            {
                n = fromWorker.Read(destination[read..]);
            }
            catch (IOException)
            {
                return false;
            }

            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    public void Dispose()
    {
        Writer.Dispose();
        byte[] payload = _payload;
        _payload = [];
        if (payload.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }
}
