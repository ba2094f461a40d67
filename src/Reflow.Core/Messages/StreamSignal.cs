namespace Reflow.Messages;

/// <summary>
/// The object in <c>Message._ref</c> of the stream's own messages: brackets (<see cref="MessageKind.OpenBracket"/>,
/// <see cref="MessageKind.CloseBracket"/>) and the engine's internal end-of-edge marker.
/// </summary>
/// <remarks>
/// Sealed so that the runtime's one per-message test, <c>message.Reference is StreamSignal</c>, is a single
/// method-table compare. Brackets without a value share the static instances (no allocation); a bracket that carries
/// a value holds it here, one small object per bracket. <c>_bits</c> of such a message is its kind, as for every
/// payload kind, so <see cref="Message.Kind"/> needs no new branch.
/// </remarks>
internal sealed class StreamSignal
{
    /// <summary>An open bracket without a value.</summary>
    public static readonly StreamSignal Open = new(default, hasValue: false);

    /// <summary>A close bracket without a value.</summary>
    public static readonly StreamSignal Close = new(default, hasValue: false);

    /// <summary>
    /// The end of an edge: its producer is done. Never seen by actors, never counted as a message. Every end marker
    /// has a negative <c>_bits</c>, every bracket its (positive) kind.
    /// </summary>
    public static readonly StreamSignal EndOfEdge = new(default, hasValue: false);

    /// <summary>The <c>_bits</c> of the end-of-edge marker of an edge (or the host's port): no public kind.</summary>
    public const long EndOfEdgeBits = -1;

    /// <summary>
    /// The <c>_bits</c> of the marker after a node's initial packets when they went to several ports or indexes: the
    /// marker is then its own <see cref="StreamSignal"/> listing them (<see cref="InitialGroups"/>).
    /// </summary>
    public const long EndOfInitialsBits = -2;

    /// <summary>
    /// The <c>_bits</c> of the marker a live edit sends after the last message of an edge it removes
    /// (<c>Network.UpdateAsync</c>): the target forgets the edge, and its port does not close for it.
    /// </summary>
    public const long DetachBits = -3;

    /// <summary>
    /// The <c>_bits</c> of the marker after a node's initial packets when they all went to one whole port: this value
    /// minus the port's index, so the common case needs no allocation.
    /// </summary>
    public const long EndOfPortInitialsBase = -16;

    /// <summary>The ports and indexes (-1: the whole port) a node's initial packets went to, for an <see cref="EndOfInitialsBits"/> marker.</summary>
    public (int Port, int Index)[]? InitialGroups { get; init; }

    public StreamSignal(Message value, bool hasValue)
    {
        Value = value;
        HasValue = hasValue;
    }

    /// <summary>The bracket's value (a group name, say); Flow when it has none.</summary>
    public Message Value { get; }

    /// <summary>Whether the bracket carries a value.</summary>
    public bool HasValue { get; }
}
