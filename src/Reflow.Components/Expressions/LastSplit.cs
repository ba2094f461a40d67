using System.Runtime.InteropServices;
using Reflow.Messages;

namespace Reflow.Components.Expressions;

/// <summary>
/// <c>split(s, separator)</c> for one expression, remembering its last result: an expression that reads several
/// fields of a line (<c>{path: get(split(value, ' '), 6), status: int(get(split(value, ' '), 8))}</c>) splits the
/// same String once, not once per field. The result is an immutable Array, so handing it out twice is safe; the
/// String is recognised by reference, so the check costs nothing and never compares text. Owned by one expression:
/// not thread-safe.
/// </summary>
internal sealed class LastSplit
{
    private string? _text;
    private string? _separator;
    private Message _parts;

    /// <summary>The parts of <paramref name="text"/> between the separators.</summary>
    /// <exception cref="ExpressionException"><paramref name="separator"/> is empty.</exception>
    public Message Split(string text, string separator)
    {
        if (ReferenceEquals(text, _text) && string.Equals(separator, _separator, StringComparison.Ordinal))
        {
            return _parts;
        }

        _parts = SplitNew(text, separator);
        (_text, _separator) = (text, separator);
        return _parts;
    }

    private static Message SplitNew(string text, string separator)
    {
        if (separator.Length == 0)
        {
            throw new ExpressionException("split expects a separator that is not empty as argument 2");
        }

        // Counted first so the parts go straight into the Array's own storage (no string[] in between).
        int count = 1;
        for (int at = text.IndexOf(separator, StringComparison.Ordinal); at >= 0; at = text.IndexOf(separator, at + separator.Length, StringComparison.Ordinal))
        {
            count++;
        }

        var parts = new Message[count];
        int start = 0;
        for (int i = 0; i < count - 1; i++)
        {
            int at = text.IndexOf(separator, start, StringComparison.Ordinal);
            parts[i] = Message.String(text[start..at]);
            start = at + separator.Length;
        }

        parts[count - 1] = Message.String(start == 0 ? text : text[start..]);
        return Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(parts));
    }
}
