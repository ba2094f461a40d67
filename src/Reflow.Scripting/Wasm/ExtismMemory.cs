using System.Buffers.Binary;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// The host-side memory of the Extism kernel: blocks made by <c>alloc</c>, addressed by i64 offsets into this memory
/// (not into the guest's linear memory), sized by <c>length</c>. Offset 0 is never a block: the ABI's "none".
/// Each call starts with an empty kernel memory, as the original's re-instantiated plugin did: one node reuses one
/// <see cref="ExtismMemory"/>, <see cref="Reset"/> before each call (a new 4 KB array and block map per call was most
/// of a kept-instance call's allocation).
/// </summary>
internal sealed class ExtismMemory
{
    private readonly long _limit;
    private const int InitialSize = 4096;

    /// <summary>A memory grown past this by one call is given back at the next reset rather than kept for the node's life.</summary>
    private const int KeptSize = 1 << 20;

    private readonly Dictionary<long, long> _blocks = [];
    private byte[] _bytes = new byte[InitialSize];
    private long _top = 1;

    /// <param name="limit">The most bytes the blocks may take together (the node's memory_limit); null for no limit.</param>
    public ExtismMemory(long? limit)
    {
        _limit = limit ?? long.MaxValue;
    }

    /// <summary>
    /// Empties the memory for the next call: no block of an earlier call is found again (<c>length</c> of an old
    /// offset answers 0), and each block is zeroed when allocated, so nothing carries over.
    /// </summary>
    public void Reset()
    {
        _blocks.Clear();
        _top = 1;
        if (_bytes.Length > KeptSize)
        {
            _bytes = new byte[InitialSize];
        }
    }

    public long Alloc(long length)
    {
        if (length < 0 || _top + length > _limit || _top + length > Array.MaxLength)
        {
            throw new WasmPluginFault($"alloc({length}) exceeds the plugin's host memory ({_limit} bytes: raise memory_limit)", "memory_limit");
        }

        long offset = _top;
        _top += Math.Max(length, 1);
        if (_top > _bytes.Length)
        {
            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(_top, (long)_bytes.Length * 2)));
        }

        Array.Clear(_bytes, (int)offset, (int)(_top - offset)); // a reused memory holds an earlier call's bytes
        _blocks[offset] = length;
        return offset;
    }

    public long Alloc(ReadOnlySpan<byte> content)
    {
        long offset = Alloc(content.Length);
        content.CopyTo(_bytes.AsSpan((int)offset, content.Length));
        return offset;
    }

    public void Free(long offset) => _blocks.Remove(offset);

    /// <summary>The length of the block at <paramref name="offset"/>, or 0 when no block starts there (Extism's answer).</summary>
    public long Length(long offset) => _blocks.GetValueOrDefault(offset);

    public byte LoadU8(long offset) => _bytes[Check(offset, 1)];

    public long LoadU64(long offset) => BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan(Check(offset, 8), 8));

    public void StoreU8(long offset, byte value) => _bytes[Check(offset, 1)] = value;

    public void StoreU64(long offset, long value) => BinaryPrimitives.WriteInt64LittleEndian(_bytes.AsSpan(Check(offset, 8), 8), value);

    /// <summary>The bytes of the block at <paramref name="offset"/>.</summary>
    public ReadOnlySpan<byte> Block(long offset)
    {
        if (!_blocks.TryGetValue(offset, out long length))
        {
            throw new WasmPluginFault($"no Extism memory block starts at offset {offset}");
        }

        return _bytes.AsSpan((int)offset, (int)length);
    }

    /// <summary><paramref name="length"/> bytes from <paramref name="offset"/> (output_set names a range, not only a block).</summary>
    public ReadOnlySpan<byte> Range(long offset, long length) => _bytes.AsSpan(Check(offset, length), (int)length);

    private int Check(long offset, long length)
    {
        if (offset <= 0 || length < 0 || offset + length > _top)
        {
            throw new WasmPluginFault($"Extism memory access out of bounds: {length} bytes at offset {offset} (allocated up to {_top})");
        }

        return (int)offset;
    }
}
