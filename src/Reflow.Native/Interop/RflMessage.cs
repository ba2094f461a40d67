using System.Runtime.InteropServices;

namespace Reflow.Native.Interop;

/// <summary>rfl_message of reflow.h: 16 bytes, the value a union at offset 8.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal unsafe struct RflMessage
{
    [FieldOffset(0)] public int Kind;
    [FieldOffset(4)] public uint Length;
    [FieldOffset(8)] public long Integer;
    [FieldOffset(8)] public double Number;
    [FieldOffset(8)] public int Boolean;
    [FieldOffset(8)] public byte* Data;
}
