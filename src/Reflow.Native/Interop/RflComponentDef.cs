using System.Runtime.InteropServices;

namespace Reflow.Native.Interop;

/// <summary>rfl_component_def of reflow.h, as far as ABI version 1 knows it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RflComponentDef
{
    public uint StructSize;
    public byte* Name;
    public byte* Description;
    public byte** InPorts;
    public nuint InPortCount;
    public byte** OutPorts;
    public nuint OutPortCount;
    public delegate* unmanaged<nint, int, RflMessage*, int> Receive;
    public delegate* unmanaged<nint, int> Start;
    public delegate* unmanaged<nint, int> InputsClosed;
    public delegate* unmanaged<nint, int> Stop;
    public void* ComponentData;
    public uint Flags;
}
