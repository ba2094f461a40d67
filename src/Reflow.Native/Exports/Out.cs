using Reflow.Native.Interop;

namespace Reflow.Native.Exports;

/// <summary>Checks of the pointers the functions write their results to.</summary>
internal static unsafe class Out
{
    public static void Check(void* pointer, string name)
    {
        if (pointer is null)
        {
            throw new RflException(RflStatus.ErrArgument, $"The out-pointer '{name}' is NULL.");
        }
    }
}
