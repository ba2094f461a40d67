namespace Reflow.Actors;

/// <summary>Why a message could not be delivered.</summary>
public enum DeadLetterReason
{
    /// <summary>The target actor was stopped by its supervision policy.</summary>
    ActorStopped,

    /// <summary>The target actor's circuit breaker was open.</summary>
    CircuitOpen,

    /// <summary>The network stopped (without draining, or it failed) before the message was handled.</summary>
    NetworkStopped,

    /// <summary>An await-mode actor's input set never completed before the run ended.</summary>
    IncompleteInputSet,
}
