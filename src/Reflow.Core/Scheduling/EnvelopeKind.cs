namespace Reflow.Scheduling;

/// <summary>What a worker does with an envelope.</summary>
internal enum EnvelopeKind : byte
{
    /// <summary>Deliver the message to the cell's in-port (over <see cref="Envelope.Edge"/>, or an initial packet when null).</summary>
    Deliver = 0,

    /// <summary>Give a source cell its turn to produce.</summary>
    Produce,

    /// <summary>An edge the cell was held back on has room again: drain its out-buffer.</summary>
    Resume,

    /// <summary>A failed message's backoff has passed: hand it to the actor again.</summary>
    Retry,

    /// <summary>One of the actor's timers fired: call <c>OnTimer</c> on the actor's own worker.</summary>
    Timer,

    /// <summary>The actor emitted from a thread that is not its worker: send the emission from the worker.</summary>
    Emit,

    /// <summary>A batch actor's turn: hand it what is queued for it (see <c>ActorCell.Batch</c>).</summary>
    Batch,

    /// <summary>An async actor's call has ended (ActorCell.Async): supervise it and carry on, on the cell's thread.</summary>
    AsyncDone,

    /// <summary>A timer or keep-alive of a cell waiting to finish its stream has ended: see whether it is done now.</summary>
    StreamCheck,

    /// <summary>The run went quiet with the cell's inputs still open (a cycle): its remaining producers count as done.</summary>
    ForceEnd,

    /// <summary>
    /// A Deliver of a node's last initial packet when all of them went to one whole port: the end of its initial
    /// packets follows it, without an envelope of its own (a node per initial packet is B7's start-up).
    /// </summary>
    DeliverEndingInitials,

    /// <summary>A live edit's change to a cell or its edges (Network.UpdateAsync), run on the cell's own worker: see <c>Worker.PostAction</c>.</summary>
    Update,

    /// <summary>A spawned child with no edge back to its parent has finished: its parent collects it (see <c>ActorCell.Spawning</c>).</summary>
    ChildFinished,
}
