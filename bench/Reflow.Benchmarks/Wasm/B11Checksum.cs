using System.Globalization;
using Reflow.Benchmarks.Infrastructure;
using Reflow.Messages;

namespace Reflow.Benchmarks.Wasm;

/// <summary>
/// What reached B11's sink, folded so that a lost, repeated, reordered-into-another-kind or altered message shows: the
/// count, the sum of the integers, and for strings the sum of their lengths and of their characters weighted by position.
/// </summary>
public struct B11Checksum : IEquatable<B11Checksum>, IMessageFold
{
    /// <summary>Messages seen.</summary>
    public long Count;

    /// <summary>Sum of the Integer messages.</summary>
    public long Integers;

    /// <summary>Sum of the String messages' lengths.</summary>
    public long Lengths;

    /// <summary>Sum over the String messages of each character's code times its position plus one.</summary>
    public long Characters;

    /// <summary>Folds one message.</summary>
    /// <exception cref="InvalidOperationException">The message is neither an Integer nor a String.</exception>
    public void Add(in Message message)
    {
        Count++;
        if (message.TryGetInteger(out long value))
        {
            Integers += value;
            return;
        }

        if (!message.TryGetString(out string? text))
        {
            throw new InvalidOperationException($"B11: unexpected message {MessageText.Format(message, includeKind: true)}");
        }

        Lengths += text.Length;
        for (int i = 0; i < text.Length; i++)
        {
            Characters += text[i] * (i + 1L);
        }
    }

    /// <summary>The checksum of <paramref name="messages"/> (what the source sends: an identity must answer the same).</summary>
    public static B11Checksum Of(Message[] messages)
    {
        var sum = new B11Checksum();
        foreach (Message message in messages)
        {
            sum.Add(message);
        }

        return sum;
    }

    /// <summary>Throws unless this equals <paramref name="expected"/>, naming both.</summary>
    public readonly void Verify(B11Checksum expected, string what)
    {
        if (!Equals(expected))
        {
            throw new InvalidOperationException($"{what}: the sink's checksum differs from the source's:\n  sink:   {this}\n  source: {expected}");
        }
    }

    public readonly bool Equals(B11Checksum other) =>
        Count == other.Count && Integers == other.Integers && Lengths == other.Lengths && Characters == other.Characters;

    public override readonly bool Equals(object? obj) => obj is B11Checksum other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(Count, Integers, Lengths, Characters);

    public override readonly string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"count {Count}, integers {Integers}, string lengths {Lengths}, characters {Characters}");
}
