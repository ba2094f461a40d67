using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>The timeouts of reflow.h: milliseconds, -1 for no limit.</summary>
internal static class Timeouts
{
    public static void Check(int timeoutMs)
    {
        if (timeoutMs < -1)
        {
            throw new RflException(RflStatus.ErrArgument, $"The timeout {timeoutMs} ms is not valid: expected -1 (no limit), 0 (no wait) or a positive number of milliseconds.");
        }
    }
}
