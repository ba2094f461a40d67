namespace Reflow.Scheduling;

/// <summary>Something held back by a full edge: an actor cell, or the host sending into an exported in-port.</summary>
internal interface ICreditWaiter
{
    /// <summary>The edge it waited on has room again (called on the consumer's thread: must not block).</summary>
    void OnRoom();
}
