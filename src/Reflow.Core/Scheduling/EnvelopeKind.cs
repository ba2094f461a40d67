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
}
