namespace Reflow.Fuzz;

/// <summary>One input made a parser allocate more than its bound (<see cref="AllocationGuard"/>): a finding.</summary>
public sealed class AllocationBoundExceededException : Exception
{
    /// <summary>Creates the exception for an input of <paramref name="inputLength"/> bytes.</summary>
    public AllocationBoundExceededException(string target, int inputLength, long allocated, long bound)
        : base($"{target}: an input of {inputLength} bytes allocated {allocated} bytes on this thread, over the bound of {bound} " +
               $"({AllocationGuard.BaseBytes} + {(inputLength == 0 ? 0 : (bound - AllocationGuard.BaseBytes) / inputLength)} per input byte).")
    {
        Target = target;
        InputLength = inputLength;
        Allocated = allocated;
        Bound = bound;
    }

    /// <summary>The target's name.</summary>
    public string Target { get; }

    /// <summary>The input's length in bytes.</summary>
    public int InputLength { get; }

    /// <summary>The bytes the check allocated.</summary>
    public long Allocated { get; }

    /// <summary>The bound it went over.</summary>
    public long Bound { get; }
}
