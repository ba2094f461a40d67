using System.Runtime.InteropServices;

namespace Reflow.Native.Interop;

/// <summary>rfl_run_result of reflow.h; the host's struct_size says how much of it the host knows.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RflRunResult
{
    public uint StructSize;
    public int Completed;
    public double ElapsedMs;
    public long Messages;
    public long Errors;
    public long Failures;
    public long UncaughtFailures;
    public long DeadLetters;
    public long EventsDiscarded;
}
