using System.Runtime.CompilerServices;

namespace Reflow.Messages;

// Brackets (FBP's open and close brackets) and the engine's internal end-of-edge marker: see StreamSignal.
public readonly partial struct Message
{
    /// <summary>Gets an open bracket without a value. Does not allocate.</summary>
    public static Message OpenBracket() => new(StreamSignal.Open, (long)MessageKind.OpenBracket);

    /// <summary>Creates an open bracket carrying <paramref name="value"/> (the group's name or key, say).</summary>
    /// <param name="value">The value; it must not be a bracket itself.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is a bracket.</exception>
    public static Message OpenBracket(in Message value) => new(BracketSignal(value), (long)MessageKind.OpenBracket);

    /// <summary>Gets a close bracket without a value. Does not allocate.</summary>
    public static Message CloseBracket() => new(StreamSignal.Close, (long)MessageKind.CloseBracket);

    /// <summary>Creates a close bracket carrying <paramref name="value"/>.</summary>
    /// <param name="value">The value; it must not be a bracket itself.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is a bracket.</exception>
    public static Message CloseBracket(in Message value) => new(BracketSignal(value), (long)MessageKind.CloseBracket);

    /// <summary>Gets whether this is an open or a close bracket.</summary>
    public bool IsBracket
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _ref is StreamSignal && _bits >= 0;
    }

    /// <summary>Gets whether this is an open bracket.</summary>
    public bool IsOpenBracket => _ref is StreamSignal && _bits == (long)MessageKind.OpenBracket;

    /// <summary>Gets whether this is a close bracket.</summary>
    public bool IsCloseBracket => _ref is StreamSignal && _bits == (long)MessageKind.CloseBracket;

    /// <summary>Gets the value a bracket carries.</summary>
    /// <param name="value">The value; Flow when the bracket has none or this is not a bracket.</param>
    /// <returns>Whether this is a bracket with a value.</returns>
    public bool TryGetBracketValue(out Message value)
    {
        if (_ref is StreamSignal { HasValue: true } signal && _bits >= 0)
        {
            value = signal.Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The engine's end-of-edge marker (never handed to an actor).</summary>
    internal static Message EndOfEdge => new(StreamSignal.EndOfEdge, StreamSignal.EndOfEdgeBits);

    /// <summary>The marker after the last message of an edge a live edit removes (see <see cref="StreamSignal.DetachBits"/>).</summary>
    internal static Message Detach => new(StreamSignal.EndOfEdge, StreamSignal.DetachBits);

    /// <summary>The marker after a node's initial packets, which went to <paramref name="groups"/> (port, index or -1).</summary>
    /// <remarks>For packets that all went to one whole port the runtime uses <see cref="EndOfPortInitials"/> instead.</remarks>
    internal static Message EndOfInitials((int Port, int Index)[] groups) =>
        new(new StreamSignal(default, hasValue: false) { InitialGroups = groups }, StreamSignal.EndOfInitialsBits);

    /// <summary>The marker after a node's initial packets when they all went to the whole port <paramref name="port"/>. Does not allocate.</summary>
    internal static Message EndOfPortInitials(int port) => new(StreamSignal.EndOfEdge, StreamSignal.EndOfPortInitialsBase - port);

    /// <summary>Whether this is the end-of-edge marker.</summary>
    internal bool IsEndOfEdge => _ref is StreamSignal && _bits < 0;

    private static StreamSignal BracketSignal(in Message value)
    {
        if (value._ref is StreamSignal)
        {
            ThrowHelper.ThrowArgument(nameof(value), "A bracket's value cannot be a bracket.");
        }

        return new StreamSignal(value, hasValue: true);
    }
}
