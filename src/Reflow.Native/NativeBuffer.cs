using System.Runtime.InteropServices;
using System.Text;

namespace Reflow.Native;

/// <summary>
/// Unmanaged bytes the library lends to C (message texts, JSON, error texts): allocated once, grown when too small,
/// so a pointer stays valid until the owner's next write. Never moved by the GC.
/// </summary>
internal sealed unsafe class NativeBuffer : IDisposable
{
    private byte* _bytes;
    private int _capacity;

    public byte* Pointer => _bytes;

    /// <summary>Room for at least <paramref name="length"/> bytes (contents not kept).</summary>
    public byte* Reserve(int length)
    {
        if (length > _capacity)
        {
            int capacity = Math.Max(length, Math.Max(64, _capacity * 2));
            NativeMemory.Free(_bytes);
            _bytes = null;
            _capacity = 0;
            _bytes = (byte*)NativeMemory.Alloc((nuint)capacity);
            _capacity = capacity;
        }

        return _bytes;
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 followed by a NUL; returns its length without the NUL.</summary>
    public int WriteUtf8(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        byte* bytes = Reserve(length + 1);
        int written = Encoding.UTF8.GetBytes(text, new Span<byte>(bytes, length));
        bytes[written] = 0;
        return written;
    }

    /// <summary>Copies <paramref name="data"/> followed by a NUL; returns its length without the NUL.</summary>
    public int Write(ReadOnlySpan<byte> data)
    {
        byte* bytes = Reserve(data.Length + 1);
        data.CopyTo(new Span<byte>(bytes, data.Length));
        bytes[data.Length] = 0;
        return data.Length;
    }

    public void Dispose()
    {
        NativeMemory.Free(_bytes);
        _bytes = null;
        _capacity = 0;
    }
}
