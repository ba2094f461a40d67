using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>
/// Equality and order between message values as the components use them: numbers compare by value whatever their
/// kind (Integer 1 equals Float 1.0), Strings ordinally, Booleans false before true; anything else is equal only
/// when structurally equal and has no order.
/// </summary>
internal static class MessageComparer
{
    /// <summary>Whether two values are equal (numbers by value).</summary>
    public static bool AreEqual(in Message left, in Message right) =>
        IsNumber(left) && IsNumber(right) ? Compare(left, right) == 0 : left.Equals(right);

    /// <summary>Whether two values can be ordered: two numbers, two Strings or two Booleans.</summary>
    public static bool CanOrder(in Message left, in Message right) =>
        (IsNumber(left) && IsNumber(right)) || (left.Kind == right.Kind && left.Kind is MessageKind.String or MessageKind.Boolean);

    /// <summary>The order of two values that <see cref="CanOrder"/>.</summary>
    /// <exception cref="InvalidOperationException">They cannot be ordered; the message names both.</exception>
    public static int Compare(in Message left, in Message right)
    {
        if (left.TryGetInteger(out long a) && right.TryGetInteger(out long b))
        {
            return a.CompareTo(b); // exact even past 2^53, where doubles would round
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return ToDouble(left).CompareTo(ToDouble(right));
        }

        if (left.TryGetString(out string? s) && right.TryGetString(out string? t))
        {
            return string.CompareOrdinal(s, t);
        }

        if (left.TryGetBoolean(out bool x) && right.TryGetBoolean(out bool y))
        {
            return x.CompareTo(y);
        }

        throw new InvalidOperationException($"{left} and {right} cannot be ordered (only two numbers, two Strings or two Booleans can)");
    }

    /// <summary>Whether the message is an Integer or a Float.</summary>
    public static bool IsNumber(in Message message) => message.Kind is MessageKind.Integer or MessageKind.Float;

    /// <summary>A number as a double.</summary>
    public static double ToDouble(in Message message) => message.TryGetInteger(out long integer) ? integer : message.AsFloat();
}
