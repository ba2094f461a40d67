using System.Globalization;
using Reflow.Benchmarks.Infrastructure;
using Reflow.Messages;

namespace Reflow.Benchmarks.Python;

/// <summary>
/// What came out of a B12 run, folded so that a lost, repeated or altered message shows: the count, the sum of the
/// Integers, for Strings (and the transform's <c>name</c>s) the sum of their lengths and of their characters weighted by
/// position (an upper-casing that did not happen changes it), and the transform's <c>id</c>s and <c>total</c>s in
/// hundredths. <c>python/b12_floor.py</c> folds the same way.
/// </summary>
public struct B12Checksum : IEquatable<B12Checksum>, IMessageFold
{
    /// <summary>Messages seen.</summary>
    public long Count;

    /// <summary>Sum of the Integer messages.</summary>
    public long Integers;

    /// <summary>Sum of the lengths of the Strings and names.</summary>
    public long Lengths;

    /// <summary>Sum over the Strings and names of each character's code times its position plus one.</summary>
    public long Characters;

    /// <summary>Sum of the transform's <c>id</c>s.</summary>
    public long Ids;

    /// <summary>Sum of the transform's <c>total</c>s in hundredths, each rounded to a whole number.</summary>
    public long Cents;

    /// <summary>Folds one output message.</summary>
    /// <exception cref="InvalidOperationException">The message is not of a shape B12's functions answer.</exception>
    public void Add(in Message message)
    {
        Count++;
        if (message.TryGetInteger(out long value))
        {
            Integers += value;
        }
        else if (message.TryGetString(out string? text))
        {
            AddText(text);
        }
        else if (message.TryGetObject(out MessageObject? item) && item.TryGetValue("id", out Message id) && item.TryGetValue("name", out Message name)
            && item.TryGetValue("total", out Message total) && name.TryGetString(out string? label) && id.TryGetInteger(out long number))
        {
            Ids += number;
            AddText(label);
            Cents += (long)Math.Round((total.TryGetInteger(out long whole) ? whole : total.AsFloat()) * 100);
        }
        else
        {
            throw new InvalidOperationException($"B12: unexpected output {MessageText.Format(message, includeKind: true)}");
        }
    }

    /// <summary>Throws unless this equals <paramref name="expected"/>, naming both.</summary>
    public readonly void Verify(B12Checksum expected, string what)
    {
        if (!Equals(expected))
        {
            throw new InvalidOperationException($"{what}: the output differs from the expected one:\n  got:      {this}\n  expected: {expected}");
        }
    }

    public readonly bool Equals(B12Checksum other) =>
        Count == other.Count && Integers == other.Integers && Lengths == other.Lengths && Characters == other.Characters
        && Ids == other.Ids && Cents == other.Cents;

    public override readonly bool Equals(object? obj) => obj is B12Checksum other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(Count, Integers, Lengths, Characters, Ids, Cents);

    public override readonly string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"count {Count}, integers {Integers}, lengths {Lengths}, characters {Characters}, ids {Ids}, cents {Cents}");

    private void AddText(string text)
    {
        Lengths += text.Length;
        for (int i = 0; i < text.Length; i++)
        {
            Characters += text[i] * (i + 1L);
        }
    }
}
