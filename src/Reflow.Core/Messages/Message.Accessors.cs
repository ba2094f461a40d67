using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reflow.Messages;

// Typed accessors. Each As* is one reference or kind compare plus the read, inlined at the call site;
// the wrong-kind path is a call to ThrowHelper so it adds almost nothing to the caller.
public readonly partial struct Message
{
    /// <summary>Gets the value of a Boolean message.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The message is not a Boolean.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool AsBoolean() =>
        ReferenceEquals(_ref, ScalarTag.Boolean) ? _bits != 0 : ThrowHelper.ThrowKindMismatch<bool>(in this, MessageKind.Boolean);

    /// <summary>Gets the value of an Integer message.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The message is not an Integer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long AsInteger() =>
        ReferenceEquals(_ref, ScalarTag.Integer) ? _bits : ThrowHelper.ThrowKindMismatch<long>(in this, MessageKind.Integer);

    /// <summary>Gets the value of a Float message.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The message is not a Float (an Integer is not converted).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double AsFloat() =>
        ReferenceEquals(_ref, ScalarTag.Float)
            ? BitConverter.Int64BitsToDouble(_bits)
            : ThrowHelper.ThrowKindMismatch<double>(in this, MessageKind.Float);

    /// <summary>Gets the text of a String message.</summary>
    /// <returns>The text.</returns>
    /// <exception cref="InvalidOperationException">The message is not a String.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string AsString() =>
        _bits == (long)MessageKind.String && _ref is string value
            ? value
            : ThrowHelper.ThrowKindMismatch<string>(in this, MessageKind.String);

    /// <summary>Gets the text of an Error message.</summary>
    /// <returns>The error text.</returns>
    /// <exception cref="InvalidOperationException">The message is not an Error.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string AsError() =>
        _bits == (long)MessageKind.Error && _ref is string value
            ? value
            : ThrowHelper.ThrowKindMismatch<string>(in this, MessageKind.Error);

    /// <summary>Gets the content of a Bytes message, read-only.</summary>
    /// <returns>The bytes.</returns>
    /// <exception cref="InvalidOperationException">The message is not Bytes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlyMemory<byte> AsBytes() =>
        _ref is byte[] value ? value : ThrowHelper.ThrowKindMismatch<ReadOnlyMemory<byte>>(in this, MessageKind.Bytes);

    /// <summary>Gets the content of a Bytes message as a span, read-only.</summary>
    /// <returns>The bytes.</returns>
    /// <exception cref="InvalidOperationException">The message is not Bytes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> AsBytesSpan() =>
        _ref is byte[] value ? value : ThrowHelper.ThrowKindMismatch<byte[]>(in this, MessageKind.Bytes);

    /// <summary>Gets the elements of an Array message (no copy).</summary>
    /// <returns>The elements.</returns>
    /// <exception cref="InvalidOperationException">The message is not an Array.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ImmutableArray<Message> AsArray() =>
        _ref is Message[] value
            ? ImmutableCollectionsMarshal.AsImmutableArray(value)
            : ThrowHelper.ThrowKindMismatch<ImmutableArray<Message>>(in this, MessageKind.Array);

    /// <summary>Gets the entries of an Object message.</summary>
    /// <returns>The object.</returns>
    /// <exception cref="InvalidOperationException">The message is not an Object.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MessageObject AsObject() =>
        _ref is MessageObject value ? value : ThrowHelper.ThrowKindMismatch<MessageObject>(in this, MessageKind.Object);

    /// <summary>Gets the value if this is a Boolean message.</summary>
    /// <param name="value">The value, or <see langword="false"/> if the message is of another kind.</param>
    /// <returns><see langword="true"/> if the message is a Boolean.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetBoolean(out bool value)
    {
        bool ok = ReferenceEquals(_ref, ScalarTag.Boolean);
        value = ok && _bits != 0;
        return ok;
    }

    /// <summary>Gets the value if this is an Integer message.</summary>
    /// <param name="value">The value, or 0 if the message is of another kind.</param>
    /// <returns><see langword="true"/> if the message is an Integer.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetInteger(out long value)
    {
        bool ok = ReferenceEquals(_ref, ScalarTag.Integer);
        value = ok ? _bits : 0;
        return ok;
    }

    /// <summary>Gets the value if this is a Float message.</summary>
    /// <param name="value">The value, or 0 if the message is of another kind.</param>
    /// <returns><see langword="true"/> if the message is a Float (an Integer is not converted).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetFloat(out double value)
    {
        bool ok = ReferenceEquals(_ref, ScalarTag.Float);
        value = ok ? BitConverter.Int64BitsToDouble(_bits) : 0;
        return ok;
    }

    /// <summary>Gets the text if this is a String message.</summary>
    /// <param name="value">The text, or <see langword="null"/> if the message is of another kind.</param>
    /// <returns><see langword="true"/> if the message is a String.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetString([NotNullWhen(true)] out string? value)
    {
        value = _bits == (long)MessageKind.String ? _ref as string : null;
        return value is not null;
    }

    /// <summary>Gets the error text if this is an Error message.</summary>
    /// <param name="value">The text, or <see langword="null"/> if the message is of another kind.</param>
    /// <returns><see langword="true"/> if the message is an Error.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetError([NotNullWhen(true)] out string? value)
    {
        value = _bits == (long)MessageKind.Error ? _ref as string : null;
        return value is not null;
    }

    /// <summary>Gets the content if this is a Bytes message.</summary>
    /// <param name="value">The bytes, or empty if the message is of another kind.</param>
    /// <returns><see langword="true"/> if the message is Bytes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetBytes(out ReadOnlyMemory<byte> value)
    {
        if (_ref is byte[] bytes)
        {
            value = bytes;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Gets the elements if this is an Array message.</summary>
    /// <param name="value">The elements, or a default (uninitialized) array if the message is of another kind.</param>
    /// <returns><see langword="true"/> if the message is an Array.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetArray(out ImmutableArray<Message> value)
    {
        if (_ref is Message[] items)
        {
            value = ImmutableCollectionsMarshal.AsImmutableArray(items);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Gets the object if this is an Object message.</summary>
    /// <param name="value">The object, or <see langword="null"/> if the message is of another kind.</param>
    /// <returns><see langword="true"/> if the message is an Object.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetObject([NotNullWhen(true)] out MessageObject? value)
    {
        value = _ref as MessageObject;
        return value is not null;
    }

    // Raw views for the codecs in this namespace: they switch on Kind first, so the casts cannot fail.
    internal object? Payload => _ref;

    internal long Bits => _bits;

    internal string PayloadString => Unsafe.As<string>(_ref)!;

    internal byte[] PayloadBytes => Unsafe.As<byte[]>(_ref)!;

    internal Message[] PayloadArray => Unsafe.As<Message[]>(_ref)!;

    internal MessageObject PayloadObject => Unsafe.As<MessageObject>(_ref)!;
}
