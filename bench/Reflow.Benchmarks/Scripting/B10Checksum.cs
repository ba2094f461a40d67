using System.Globalization;
using Reflow.Messages;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// What came out of a B10 run, folded so that a lost, repeated or wrong message shows: the count, the sum of the
/// identity's integers, and for the transform the sums of <c>id</c>, <c>n</c>, the label's character codes (an
/// upper-casing that did not happen changes it) and <c>total</c>. <c>js/b10-node.mjs</c> folds the same way.
/// </summary>
public struct B10Checksum : IEquatable<B10Checksum>
{
    /// <summary>Messages seen.</summary>
    public long Count;

    /// <summary>Sum of the identity's integers.</summary>
    public long Integers;

    /// <summary>Sum of the transform's <c>id</c>s.</summary>
    public long Ids;

    /// <summary>Sum of the transform's <c>n</c>s.</summary>
    public long Ns;

    /// <summary>Sum of the character codes of the transform's <c>label</c>s.</summary>
    public long LabelCodes;

    /// <summary>Sum of the transform's <c>total</c>s.</summary>
    public double Totals;

    /// <summary>Folds one output message of <paramref name="workload"/>.</summary>
    /// <exception cref="InvalidOperationException">The message is not of the shape the workload's function answers.</exception>
    public void Add(string workload, Message message)
    {
        Count++;
        if (workload == B10Workload.Identity)
        {
            Integers += message.TryGetInteger(out long value) ? value : throw Unexpected(workload, message);
            return;
        }

        if (!message.TryGetObject(out MessageObject? item) || !item.TryGetValue("id", out Message id) || !item.TryGetValue("label", out Message label)
            || !item.TryGetValue("total", out Message total) || !item.TryGetValue("n", out Message n) || !label.TryGetString(out string? text))
        {
            throw Unexpected(workload, message);
        }

        Ids += id.AsInteger();
        Ns += n.AsInteger();
        Totals += total.TryGetInteger(out long whole) ? whole : total.AsFloat(); // an integral number may come back as an Integer
        foreach (char c in text)
        {
            LabelCodes += c;
        }
    }

    /// <summary>The checksum of a correct run of <paramref name="workload"/> over <paramref name="count"/> messages (computed in C#).</summary>
    public static B10Checksum Expected(string workload, int count)
    {
        var sum = new B10Checksum();
        for (int i = 0; i < count; i++)
        {
            if (workload == B10Workload.Identity)
            {
                sum.Add(workload, Message.Integer(i));
                continue;
            }

            sum.Add(workload, Message.Object(
                new("id", Message.Integer(i)),
                new("label", Message.String(B10Workload.Name(i).ToUpperInvariant())),
                new("total", Message.Float(B10Workload.Price(i) * 1.2)),
                new("n", Message.Integer(B10Workload.TagCount(i)))));
        }

        return sum;
    }

    /// <summary>Throws unless this equals <paramref name="expected"/> (totals to 1e-9 relative: the same doubles summed in the same order).</summary>
    public readonly void Verify(B10Checksum expected, string what)
    {
        if (!Equals(expected))
        {
            throw new InvalidOperationException($"{what}: the output differs from the expected one:\n  got:      {this}\n  expected: {expected}");
        }
    }

    public readonly bool Equals(B10Checksum other) =>
        Count == other.Count && Integers == other.Integers && Ids == other.Ids && Ns == other.Ns && LabelCodes == other.LabelCodes
        && Math.Abs(Totals - other.Totals) <= 1e-9 * Math.Max(1, Math.Abs(other.Totals));

    public override readonly bool Equals(object? obj) => obj is B10Checksum other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(Count, Integers, Ids, Ns, LabelCodes);

    public override readonly string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"count {Count}, integers {Integers}, ids {Ids}, n {Ns}, label codes {LabelCodes}, totals {Totals:R}");

    private static InvalidOperationException Unexpected(string workload, Message message) =>
        new($"B10 {workload}: unexpected output {MessageText.Format(message, includeKind: true)}");
}
