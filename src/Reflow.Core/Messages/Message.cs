using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MemoryPack;

namespace Reflow.Messages;

/// <summary>
/// An immutable value travelling along an edge of a flow graph: a Flow signal, Null, a Boolean, Integer
/// or Float scalar, a String, Bytes, an Array of messages, an Object (string → message), an Error, or an
/// open or close bracket (a substream boundary, optionally carrying a value).
/// </summary>
/// <remarks>
/// <para>
/// A message is a 16-byte struct. Scalars (Flow, Null, Boolean, Integer, Float) are stored inline and
/// never allocate. String, Bytes, Array, Object and Error payloads are immutable objects shared by
/// reference, so copying a message (for example fanning it out to many edges) copies 16 bytes and
/// never the payload.
/// </para>
/// <para>
/// Create messages with the static factories (<see cref="Integer(long)"/>, <see cref="String(string)"/>,
/// <see cref="Array(ReadOnlySpan{Message})"/>, …) and read them with the typed accessors
/// (<see cref="AsInteger"/>, <see cref="TryGetString(out string)"/>, …) after checking <see cref="Kind"/>.
/// Equality is structural (see <see cref="Equals(Message)"/>).
/// </para>
/// <para>
/// Codecs: <see cref="MessageJson"/> (plain and tagged JSON), <see cref="MessageBinary"/> and
/// <see cref="MessageFormatter"/> (MemoryPack), and <see cref="MessageFrameCodec"/> (checksummed,
/// optionally LZ4-compressed frames for messages leaving the process).
/// </para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly partial struct Message : IEquatable<Message>, IMemoryPackFormatterRegister
{
    /// <summary>
    /// The deepest nesting of Array and Object messages that the codecs read or write; deeper input is
    /// rejected with <see cref="MessageFormatException"/>.
    /// </summary>
    /// <remarks>
    /// A scalar has depth 0 and <c>[[1]]</c> has depth 2. The limit bounds the recursion of every codec,
    /// so hostile input cannot exhaust the stack.
    /// </remarks>
    public const int MaxDepth = 256;

    // Design: exactly two fields, so the struct is 16 bytes on 64-bit runtimes.
    //  _ref == null                     → Flow (_bits 0) or Null (_bits 1)
    //  _ref is ScalarTag                → Boolean/Integer/Float; _bits is the value (bool 0/1, long, double bits)
    //  _ref is string/byte[]/Message[]/MessageObject → the payload; _bits is the MessageKind
    //  _ref is StreamSignal             → a bracket (_bits its kind) or the engine's end-of-edge marker (_bits -1)
    // String and Error both hold a string, so those two are told apart by _bits; every other
    // payload type belongs to exactly one kind.
    private readonly object? _ref;
    private readonly long _bits;

    /// <summary>The reference word of the message, for holders that store its two words apart (see <see cref="FromParts"/>).</summary>
    internal object? Reference => _ref;

    /// <summary>
    /// Rebuilds a message from <see cref="Reference"/> and <see cref="Bits"/>. A holder that is written and read
    /// back at once (the actor context, per message) stores the two words apart: two 8-byte loads forward from
    /// the two 8-byte stores, where one 16-byte load of them would stall the CPU's store forwarding.
    /// </summary>
    internal static Message FromParts(object? reference, long bits) => new(reference, bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Message(object? reference, long bits)
    {
        _ref = reference;
        _bits = bits;
    }

    /// <summary>Gets the kind of value this message carries.</summary>
    public MessageKind Kind
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _ref is ScalarTag tag ? tag.Kind : (MessageKind)_bits;
    }

    /// <summary>Gets whether this is a Flow message (including <c>default(Message)</c>).</summary>
    public bool IsFlow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _ref is null && _bits == (long)MessageKind.Flow;
    }

    /// <summary>Gets whether this is a Null message.</summary>
    public bool IsNull
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _ref is null && _bits == (long)MessageKind.Null;
    }

    /// <summary>Gets the Flow message: a signal with no data. Same as <c>default(Message)</c>.</summary>
    public static Message Flow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => default;
    }

    /// <summary>Gets the Null message.</summary>
    public static Message Null
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(null, (long)MessageKind.Null);
    }

    /// <summary>Creates a Boolean message. Does not allocate.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The message.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Message Boolean(bool value) => new(ScalarTag.Boolean, value ? 1L : 0L);

    /// <summary>Creates an Integer message. Does not allocate.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The message.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Message Integer(long value) => new(ScalarTag.Integer, value);

    /// <summary>Creates a Float message. Does not allocate.</summary>
    /// <param name="value">The value; NaN, infinities and negative zero are kept bit for bit.</param>
    /// <returns>The message.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Message Float(double value) => new(ScalarTag.Float, BitConverter.DoubleToInt64Bits(value));

    /// <summary>Creates a String message that shares <paramref name="value"/> (strings are immutable).</summary>
    /// <param name="value">The text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static Message String(string value)
    {
        if (value is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(value));
        }

        return new(value, (long)MessageKind.String);
    }

    /// <summary>Creates an Error message carrying <paramref name="message"/> as its text.</summary>
    /// <param name="message">The error text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public static Message Error(string message)
    {
        if (message is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(message));
        }

        return new(message, (long)MessageKind.Error);
    }

    /// <summary>Creates a Bytes message holding a private copy of <paramref name="value"/>.</summary>
    /// <param name="value">The bytes to copy; later changes to the source do not affect the message.</param>
    /// <returns>The message.</returns>
    /// <remarks>To hand over an array without copying it, use <see cref="FromOwnedBytes(byte[])"/>.</remarks>
    public static Message Bytes(ReadOnlySpan<byte> value) =>
        new(value.IsEmpty ? System.Array.Empty<byte>() : value.ToArray(), (long)MessageKind.Bytes);

    /// <summary>
    /// Creates a Bytes message that takes ownership of <paramref name="bytes"/> without copying it.
    /// </summary>
    /// <param name="bytes">
    /// The array to wrap. The caller gives it up: it must not be modified afterwards, by the caller or
    /// anyone else holding a reference to it, because every copy of the message (on every edge it fans
    /// out to) reads this same array.
    /// </param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is <see langword="null"/>.</exception>
    public static Message FromOwnedBytes(byte[] bytes)
    {
        if (bytes is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(bytes));
        }

        return new(bytes, (long)MessageKind.Bytes);
    }

    /// <summary>Creates an Array message from an immutable array, sharing it without a copy.</summary>
    /// <param name="items">The elements.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is a default (uninitialized) <see cref="ImmutableArray{T}"/>.</exception>
    public static Message Array(ImmutableArray<Message> items)
    {
        Message[]? array = ImmutableCollectionsMarshal.AsArray(items);
        if (array is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(items));
        }

        return new(array, (long)MessageKind.Array);
    }

    /// <summary>Creates an Array message holding a copy of <paramref name="items"/>.</summary>
    /// <param name="items">The elements.</param>
    /// <returns>The message.</returns>
    [OverloadResolutionPriority(1)]
    public static Message Array(params ReadOnlySpan<Message> items) =>
        new(items.IsEmpty ? System.Array.Empty<Message>() : items.ToArray(), (long)MessageKind.Array);

    /// <summary>Creates an Array message holding a copy of the elements of <paramref name="items"/>.</summary>
    /// <param name="items">The elements.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is <see langword="null"/>.</exception>
    public static Message Array(IEnumerable<Message> items)
    {
        if (items is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(items));
        }

        Message[] array = items is ImmutableArray<Message> immutable
            ? ImmutableCollectionsMarshal.AsArray(immutable) ?? System.Array.Empty<Message>()
            : items.ToArray();
        return new(array.Length == 0 ? System.Array.Empty<Message>() : array, (long)MessageKind.Array);
    }

    /// <summary>Creates an Object message from an existing <see cref="MessageObject"/> (shared, not copied).</summary>
    /// <param name="value">The object.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static Message Object(MessageObject value)
    {
        if (value is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(value));
        }

        return new(value, (long)MessageKind.Object);
    }

    /// <summary>Creates an Object message from key/value pairs, keeping their order.</summary>
    /// <param name="entries">The entries; keys must be unique and not <see langword="null"/>.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException">Two entries have the same key.</exception>
    /// <exception cref="ArgumentNullException">A key is <see langword="null"/>.</exception>
    [OverloadResolutionPriority(1)]
    public static Message Object(params ReadOnlySpan<KeyValuePair<string, Message>> entries) =>
        new(MessageObject.Create(entries), (long)MessageKind.Object);

    /// <summary>Creates an Object message from key/value pairs, keeping their order.</summary>
    /// <param name="entries">The entries; keys must be unique and not <see langword="null"/>.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException">Two entries have the same key.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or a key is <see langword="null"/>.</exception>
    public static Message Object(IEnumerable<KeyValuePair<string, Message>> entries) =>
        new(MessageObject.Create(entries), (long)MessageKind.Object);

    /// <summary>Wraps an array the caller has just built and will never touch again (decoders).</summary>
    internal static Message FromOwnedArray(Message[] items) => new(items, (long)MessageKind.Array);

    // Lets MemoryPack find MessageFormatter on its own the first time it meets a Message, so that
    // user types with Message fields serialize without anyone calling MessageBinary first.
    static void IMemoryPackFormatterRegister.RegisterFormatter() => MessageBinary.EnsureRegistered();
}
