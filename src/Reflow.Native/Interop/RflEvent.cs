using System.Runtime.InteropServices;

namespace Reflow.Native.Interop;

/// <summary>rfl_event of reflow.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RflEvent
{
    public int Kind;
    public byte* Node;
    public byte* Edge;
    public byte* Text;
    public long Sequence;
    public double TimestampMs;
}
