namespace Reflow.Rings;

/// <summary>
/// Thrown by a blocking claim (<see cref="Sequencer.Next()"/>) on a ring that has been shut down, including a
/// producer that was waiting for room when <see cref="Sequencer.Shutdown"/> was called.
/// </summary>
/// <remarks>
/// Non-blocking calls report shutdown as a value instead: <see cref="Sequencer.TryNext(out long)"/> returns
/// <see langword="false"/> and <see cref="SequenceBarrier.TryWaitFor"/> returns <see langword="false"/> once
/// everything published before the shutdown has been handed out.
/// </remarks>
public sealed class RingShutdownException : InvalidOperationException
{
    /// <summary>Creates the exception with the standard message.</summary>
    public RingShutdownException()
        : base("The ring has been shut down: no more slots can be claimed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public RingShutdownException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public RingShutdownException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
