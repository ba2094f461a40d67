using System.Buffers;
using System.Diagnostics;

namespace Reflow.Messages;

/// <summary>
/// A per-thread scratch <see cref="IBufferWriter{T}"/> for serializing a message before it is framed.
/// Small messages use a small array the instance owns; larger ones borrow from
/// <see cref="ArrayPool{T}.Shared"/> and give it back on <see cref="Return"/>, so a thread never keeps
/// a large buffer alive between calls.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private const int OwnedCapacity = 8 * 1024;

    [ThreadStatic]
    private static PooledBufferWriter? t_cached;

    private readonly byte[] _owned = new byte[OwnedCapacity];
    private byte[] _buffer;
    private int _written;

    private PooledBufferWriter() => _buffer = _owned;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>Takes this thread's instance (or a new one when it is already taken).</summary>
    public static PooledBufferWriter Rent()
    {
        PooledBufferWriter? cached = t_cached;
        t_cached = null;
        return cached ?? new PooledBufferWriter();
    }

    public static void Return(PooledBufferWriter writer)
    {
        writer.ReleasePooled();
        writer._written = 0;
        t_cached = writer;
    }

    public void Advance(int count)
    {
        Debug.Assert(count >= 0 && _written + count <= _buffer.Length, "Advance past the span handed out.");
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void EnsureCapacity(int sizeHint)
    {
        int needed = _written + Math.Max(sizeHint, 1);
        if ((uint)needed > (uint)_buffer.Length)
        {
            Grow(needed);
        }
    }

    private void Grow(int needed)
    {
        if (needed < 0)
        {
            throw new InvalidOperationException("The serialized message is larger than 2 GiB.");
        }

        int size = (int)Math.Min(Math.Max((long)needed, 2L * _buffer.Length), Array.MaxLength);
        byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(size, needed));
        _buffer.AsSpan(0, _written).CopyTo(grown);
        ReleasePooled();
        _buffer = grown;
    }

    private void ReleasePooled()
    {
        if (!ReferenceEquals(_buffer, _owned))
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = _owned;
        }
    }
}
