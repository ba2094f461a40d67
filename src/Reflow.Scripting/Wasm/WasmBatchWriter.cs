using System.Buffers;
using System.Buffers.Binary;
using Wasmtime;

namespace Reflow.Scripting.Wasm;

/// <summary>
/// Writes a batch (or <c>reflow_init</c>'s settings) straight into the guest's buffer from <c>reflow_alloc</c>, so
/// messages are encoded once, in place. When the buffer is too small it asks the guest for a larger one and moves
/// what was written; the instance keeps the buffer for its next batch.
/// </summary>
internal sealed class WasmBatchWriter(string plugin) : IBufferWriter<byte>
{
    private const int MinimumBuffer = 64 * 1024;

    private WasmInstance? _instance;
    private Memory? _memory;
    private Func<int, int>? _alloc;
    private int _written;

    /// <summary>The bytes written since <see cref="Start"/>.</summary>
    public int Written => _written;

    /// <summary>Starts writing at the beginning of <paramref name="instance"/>'s buffer, with room for <paramref name="expected"/> bytes (the last batch's size).</summary>
    public void Start(WasmInstance instance, Memory memory, Func<int, int> alloc, int expected)
    {
        _instance = instance;
        _memory = memory;
        _alloc = alloc;
        _written = 0;
        Ensure(expected);
    }

    /// <summary>Lets go of the instance (it may be disposed).</summary>
    public void End()
    {
        _instance = null;
        _memory = null;
        _alloc = null;
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _memory!.GetSpan(_instance!.Buffer + _written, _instance.BufferLength - _written);
    }

    // MemoryPack writes through spans only; a Memory<byte> over guest memory could outlive a growth that moves it.
    public Memory<byte> GetMemory(int sizeHint = 0) =>
        throw new NotSupportedException("a batch is written into guest memory through spans only");

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _instance!.BufferLength - _written);
        _written += count;
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="position"/> (from the start) of what was written: a count or length known afterwards.</summary>
    public void Patch(int position, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_memory!.GetSpan(_instance!.Buffer + position, sizeof(uint)), value);

    /// <summary>Makes room for <paramref name="free"/> more bytes.</summary>
    public void Ensure(int free)
    {
        WasmInstance instance = _instance!;
        if (instance.BufferLength - _written >= free)
        {
            return;
        }

        long wanted = Math.Max(Math.Max((long)instance.BufferLength * 2, (long)_written + free), MinimumBuffer);
        if (wanted > int.MaxValue)
        {
            throw new ScriptException($"{plugin}: a batch of more than {int.MaxValue} bytes cannot be written into guest memory", file: plugin);
        }

        int buffer = _alloc!((int)wanted);
        if (buffer == 0)
        {
            throw new WasmPluginFault($"reflow_alloc({wanted}) returned 0: the plugin is out of memory", "memory_limit");
        }

        Memory memory = _memory!;
        if ((uint)buffer + (ulong)wanted > (ulong)memory.GetLength())
        {
            throw new ScriptException($"{plugin}: reflow_alloc({wanted}) returned {buffer}, a buffer past the end of its memory ({memory.GetLength()} bytes)", file: plugin);
        }

        if (_written > 0)
        {
            memory.GetSpan(instance.Buffer, _written).CopyTo(memory.GetSpan(buffer, _written));
        }

        instance.Buffer = buffer;
        instance.BufferLength = (int)wanted;
    }
}
