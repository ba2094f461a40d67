using Reflow.Native.Interop;
using Reflow.Networks;

namespace Reflow.Native;

/// <summary>Writes a <see cref="NetworkRunResult"/> into the host's rfl_run_result, as much of it as the host's struct_size holds.</summary>
internal static unsafe class RunResults
{
    private const uint Minimum = 8; // struct_size and completed: a host that knows less knows nothing

    public static void Check(RflRunResult* result)
    {
        if (result is not null && result->StructSize < Minimum)
        {
            throw new RflException(RflStatus.ErrArgument, $"rfl_run_result.struct_size is {result->StructSize}: set it to sizeof(rfl_run_result) ({sizeof(RflRunResult)} for ABI version 1).");
        }
    }

    public static void Fill(NetworkRunResult run, RflRunResult* result)
    {
        if (result is null)
        {
            return;
        }

        var full = new RflRunResult
        {
            StructSize = result->StructSize,
            Completed = run.Completed ? 1 : 0,
            ElapsedMs = run.Elapsed.TotalMilliseconds,
            Messages = run.Messages,
            Errors = run.Errors,
            Failures = run.FailureCount,
            UncaughtFailures = run.UncaughtFailures,
            DeadLetters = run.DeadLetters,
            EventsDiscarded = run.EventsDiscarded,
        };
        int size = (int)Math.Min(result->StructSize, (uint)sizeof(RflRunResult));
        new ReadOnlySpan<byte>(&full, size).CopyTo(new Span<byte>(result, size));
    }
}
