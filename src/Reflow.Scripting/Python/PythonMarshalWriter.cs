using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Reflow.Messages;

namespace Reflow.Scripting.Python;

/// <summary>
/// Writes messages as Python marshal (version 2, the subset of <see cref="PythonMarshal"/>) into one buffer reused
/// for every frame of a worker: after the first batches it has grown to size and a frame costs no allocation.
/// </summary>
internal sealed class PythonMarshalWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public PythonMarshalWriter(int capacity = 4096) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>The bytes written since <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>How many bytes were written since <see cref="Reset"/>.</summary>
    public int Length => _length;

    /// <summary>Starts again with <paramref name="reserved"/> bytes kept at the front (a frame's header, patched later).</summary>
    public void Reset(int reserved = 0)
    {
        Ensure(reserved);
        _length = reserved;
    }

    /// <summary>Writes a little-endian u32 at <paramref name="offset"/> (a frame's length).</summary>
    public void PatchUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset), value);

    /// <summary>Writes one byte at <paramref name="offset"/>.</summary>
    public void PatchByte(int offset, byte value) => _buffer[offset] = value;

    public void WriteNone() => WriteByte(PythonMarshal.None);

    public void WriteBool(bool value) => WriteByte(value ? PythonMarshal.True : PythonMarshal.False);

    /// <summary>An int: <c>i</c> when it fits 32 bits, else <c>l</c> with base-2^15 digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt(long value)
    {
        if (value == (int)value)
        {
            Span<byte> span = Grow(5);
            span[0] = PythonMarshal.Int;
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], (int)value);
            _length += 5;
            return;
        }

        WriteLong(value);
    }

    public void WriteFloat(double value)
    {
        Span<byte> span = Grow(9);
        span[0] = PythonMarshal.Float;
        BinaryPrimitives.WriteDoubleLittleEndian(span[1..], value);
        _length += 9;
    }

    /// <summary>A str; a lone surrogate becomes U+FFFD, as UTF-8 cannot hold it.</summary>
    public void WriteString(string value)
    {
        int most = value.Length <= 1 << 20 ? Encoding.UTF8.GetMaxByteCount(value.Length) : Encoding.UTF8.GetByteCount(value);
        Span<byte> span = Grow(5 + most);
        span[0] = PythonMarshal.Unicode;
        int written = Encoding.UTF8.GetBytes(value, span[5..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], written);
        _length += 5 + written;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        Span<byte> span = Grow(5 + value.Length);
        span[0] = PythonMarshal.Bytes;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], value.Length);
        value.CopyTo(span[5..]);
        _length += 5 + value.Length;
    }

    /// <summary>A tuple's or list's header (<paramref name="code"/> is <c>(</c> or <c>[</c>); its <paramref name="count"/> items follow.</summary>
    public void WriteSequenceHeader(byte code, int count)
    {
        Span<byte> span = Grow(5);
        span[0] = code;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], count);
        _length += 5;
    }

    /// <summary>A dict's start; key and value pairs follow, then <see cref="WriteDictEnd"/>.</summary>
    public void WriteDictStart() => WriteByte(PythonMarshal.Dict);

    public void WriteDictEnd() => WriteByte(PythonMarshal.DictEnd);

    /// <summary>
    /// A message as its Python value: Null (and a nested Flow) None, Boolean bool, Integer int, Float float, String
    /// str, Bytes bytes, Array list, Object dict, Error its text.
    /// </summary>
    /// <exception cref="InvalidDataException">It nests deeper than <see cref="PythonMarshal.MaxDepth"/>.</exception>
    public void WriteMessage(in Message message) => WriteMessage(message, 0);

    private void WriteMessage(in Message message, int depth)
    {
        switch (message.Kind)
        {
            case MessageKind.Boolean:
                WriteBool(message.AsBoolean());
                break;
            case MessageKind.Integer:
                WriteInt(message.AsInteger());
                break;
            case MessageKind.Float:
                WriteFloat(message.AsFloat());
                break;
            case MessageKind.String:
                WriteString(message.AsString());
                break;
            case MessageKind.Error:
                WriteString(message.AsError());
                break;
            case MessageKind.Bytes:
                WriteBytes(message.AsBytesSpan());
                break;
            case MessageKind.Array:
                WriteArray(message, depth);
                break;
            case MessageKind.Object:
                WriteObject(message.AsObject(), depth);
                break;
            default:
                WriteNone();
                break;
        }
    }

    private void WriteArray(in Message message, int depth)
    {
        CheckDepth(depth);
        ReadOnlySpan<Message> items = message.AsArray().AsSpan();
        WriteSequenceHeader(PythonMarshal.List, items.Length);
        foreach (ref readonly Message item in items)
        {
            WriteMessage(item, depth + 1);
        }
    }

    private void WriteObject(MessageObject value, int depth)
    {
        CheckDepth(depth);
        WriteDictStart();
        ReadOnlySpan<string> keys = value.Keys.AsSpan();
        ReadOnlySpan<Message> values = value.Values.AsSpan();
        for (int i = 0; i < keys.Length; i++)
        {
            WriteString(keys[i]);
            WriteMessage(values[i], depth + 1);
        }

        WriteDictEnd();
    }

    private static void CheckDepth(int depth)
    {
        if (depth >= PythonMarshal.MaxDepth)
        {
            throw new InvalidDataException($"A message nests deeper than {PythonMarshal.MaxDepth} arrays and objects, which the Python channel does not carry.");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteLong(long value)
    {
        ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value; // -(long.MinValue) overflows; this does not
        int digits = 0;
        for (ulong rest = magnitude; rest != 0; rest >>= PythonMarshal.LongShift)
        {
            digits++;
        }

        Span<byte> span = Grow(5 + 2 * digits);
        span[0] = PythonMarshal.Long;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], value < 0 ? -digits : digits);
        for (int i = 0; i < digits; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[(5 + 2 * i)..], (ushort)(magnitude & 0x7FFF));
            magnitude >>= PythonMarshal.LongShift;
        }

        _length += 5 + 2 * digits;
    }

    private void WriteByte(byte value)
    {
        Grow(1)[0] = value;
        _length++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Grow(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Ensure(_length + count);
        }

        return _buffer.AsSpan(_length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Ensure(int size)
    {
        if (size <= _buffer.Length)
        {
            return;
        }

        if (size > PythonChannel.MaxFrameBytes + 16)
        {
            throw new InvalidDataException($"A frame for the Python worker would be larger than {PythonChannel.MaxFrameBytes >> 20} MiB, the most one frame carries; send smaller messages or batches (max_batch).");
        }

        byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(size, (int)Math.Min((long)_buffer.Length * 2, PythonChannel.MaxFrameBytes + 16)));
        _buffer.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
