namespace Reflow.Scheduling;

/// <summary>The state of an <see cref="Actors.AsyncActor"/>'s node: the call in flight and the token that stops it; made on its first message.</summary>
internal sealed class AsyncReceive
{
    /// <summary>Cancelled when the run ends without draining.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The message whose call is in flight (its credit and piece of work still held); default when none. Owner-only.</summary>
    public Envelope InFlight;

    /// <summary>The call's task once it has completed; written by the completing thread before it posts the end to the worker.</summary>
    public Task? Completed;

    /// <summary>A call is in flight (owner-only).</summary>
    public bool IsInFlight => InFlight.Cell is not null;
}
