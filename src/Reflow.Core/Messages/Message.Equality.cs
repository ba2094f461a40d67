using System.Runtime.CompilerServices;

namespace Reflow.Messages;

// Structural equality. The fast path (same reference and same bits) decides every equal scalar and
// every pair of copies of one message without leaving the caller; the rest is out of line.
public readonly partial struct Message
{
    // Hashing looks at most this deep and at most this many array elements or payload bytes/chars at
    // each end, so hashing a huge or deeply nested message stays cheap. Equal messages still hash equal
    // because the same bounded view is taken of both.
    internal const int HashDepthLimit = 3;
    private const int HashElementLimit = 8;
    private const int HashEdgeLength = 64;

    /// <summary>
    /// Compares two messages structurally: same <see cref="Kind"/> and equal value.
    /// </summary>
    /// <param name="other">The message to compare with.</param>
    /// <returns><see langword="true"/> if both messages have the same kind and equal values.</returns>
    /// <remarks>
    /// Floats compare with <see cref="double.Equals(double)"/>, so NaN equals NaN and 0.0 equals -0.0.
    /// Strings and Errors compare ordinally, Bytes by content, Arrays element by element, Objects by
    /// their key sets and values regardless of entry order. Messages of different kinds are never
    /// equal: <c>Integer(1)</c> is not <c>Float(1.0)</c>. Brackets are equal when they are of the same kind (open
    /// or close) and either both have no value or both carry equal values; a bracket without a value never
    /// equals one that carries <c>Flow</c>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(Message other) =>
        (ReferenceEquals(_ref, other._ref) && _bits == other._bits) || EqualsSlow(in this, in other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Message other && Equals(other);

    /// <summary>Returns a hash code consistent with <see cref="Equals(Message)"/>.</summary>
    /// <returns>The hash code.</returns>
    /// <remarks>
    /// Object hashes do not depend on entry order. Large payloads are hashed from their length and a
    /// bounded sample, so the cost does not grow with the payload size.
    /// </remarks>
    public override int GetHashCode() => GetHashCode(0);

    /// <summary>Compares two messages structurally.</summary>
    /// <param name="left">The first message.</param>
    /// <param name="right">The second message.</param>
    /// <returns><see langword="true"/> if the messages are equal.</returns>
    public static bool operator ==(Message left, Message right) => left.Equals(right);

    /// <summary>Compares two messages structurally.</summary>
    /// <param name="left">The first message.</param>
    /// <param name="right">The second message.</param>
    /// <returns><see langword="true"/> if the messages are not equal.</returns>
    public static bool operator !=(Message left, Message right) => !left.Equals(right);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool EqualsSlow(in Message left, in Message right)
    {
        if (left._ref is ScalarTag tag)
        {
            // Equal bits were handled by the fast path, so only Float can still be equal (NaNs with
            // different payloads, 0.0 and -0.0).
            return ReferenceEquals(tag, ScalarTag.Float)
                && ReferenceEquals(right._ref, ScalarTag.Float)
                && BitConverter.Int64BitsToDouble(left._bits).Equals(BitConverter.Int64BitsToDouble(right._bits));
        }

        // Flow/Null with different bits, or a payload compared with a scalar whose value happens to
        // equal the payload's kind number: neither can be equal.
        if (left._ref is null || right._ref is null || right._ref is ScalarTag || left._bits != right._bits)
        {
            return false;
        }

        switch ((MessageKind)left._bits)
        {
            case MessageKind.String:
            case MessageKind.Error:
                return string.Equals(left.PayloadString, right.PayloadString);
            case MessageKind.Bytes:
                return left.PayloadBytes.AsSpan().SequenceEqual(right.PayloadBytes);
            case MessageKind.Array:
                return ArrayEquals(left.PayloadArray, right.PayloadArray);
            case MessageKind.Object:
                return left.PayloadObject.Equals(right.PayloadObject);
            case MessageKind.OpenBracket:
            case MessageKind.CloseBracket:
                // Value-less brackets share one instance, so the fast path decided most of them already.
                return left._ref is StreamSignal leftSignal
                    && right._ref is StreamSignal rightSignal
                    && leftSignal.HasValue == rightSignal.HasValue
                    && (!leftSignal.HasValue || leftSignal.Value.Equals(rightSignal.Value));
            default:
                return false;
        }
    }

    private static bool ArrayEquals(Message[] left, Message[] right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        // Messages built with the factories can nest without limit; fail with an exception rather
        // than overflow the stack.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        for (int i = 0; i < left.Length; i++)
        {
            if (!left[i].Equals(right[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal int GetHashCode(int depth)
    {
        if (_ref is ScalarTag tag)
        {
            // double.GetHashCode maps every NaN to one value and -0.0 to 0.0's, matching double.Equals.
            return ReferenceEquals(tag, ScalarTag.Float)
                ? HashCode.Combine((int)MessageKind.Float, BitConverter.Int64BitsToDouble(_bits).GetHashCode())
                : HashCode.Combine((int)tag.Kind, _bits);
        }

        if (_ref is null)
        {
            return (int)_bits;
        }

        return GetPayloadHashCode(depth);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int GetPayloadHashCode(int depth)
    {
        var hash = default(HashCode);
        hash.Add((int)_bits);
        switch ((MessageKind)_bits)
        {
            case MessageKind.String:
            case MessageKind.Error:
                {
                    ReadOnlySpan<char> text = PayloadString;
                    hash.Add(text.Length);
                    if (text.Length <= 2 * HashEdgeLength)
                    {
                        hash.Add(string.GetHashCode(text));
                    }
                    else
                    {
                        hash.Add(string.GetHashCode(text[..HashEdgeLength]));
                        hash.Add(string.GetHashCode(text[^HashEdgeLength..]));
                    }

                    break;
                }

            case MessageKind.Bytes:
                {
                    ReadOnlySpan<byte> bytes = PayloadBytes;
                    hash.Add(bytes.Length);
                    if (bytes.Length <= 2 * HashEdgeLength)
                    {
                        hash.AddBytes(bytes);
                    }
                    else
                    {
                        hash.AddBytes(bytes[..HashEdgeLength]);
                        hash.AddBytes(bytes[^HashEdgeLength..]);
                    }

                    break;
                }

            case MessageKind.Array:
                {
                    Message[] items = PayloadArray;
                    hash.Add(items.Length);
                    if (depth < HashDepthLimit)
                    {
                        int sampled = Math.Min(items.Length, HashElementLimit);
                        for (int i = 0; i < sampled; i++)
                        {
                            hash.Add(items[i].GetHashCode(depth + 1));
                        }
                    }

                    break;
                }

            case MessageKind.Object:
                hash.Add(PayloadObject.GetHashCode(depth));
                break;
            case MessageKind.OpenBracket:
            case MessageKind.CloseBracket:
                if (TryGetBracketValue(out Message value))
                {
                    hash.Add(value.GetHashCode(depth + 1));
                }

                break;
        }

        return hash.ToHashCode();
    }
}
