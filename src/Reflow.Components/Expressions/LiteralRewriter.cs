using System.Text;

namespace Reflow.Components.Expressions;

/// <summary>
/// Lets expressions build Arrays and Objects with literals: NCalc reads <c>[…]</c> and <c>{…}</c> as bracketed
/// parameter names, so before NCalc parses the text each Array literal <c>[a, b]</c> becomes <c>array(a, b)</c> and
/// each Object literal <c>{status: x, 'a b': 1}</c> becomes <c>object('status', x, 'a b', 1)</c>. String and date
/// literals are copied untouched; nothing else of the text changes.
/// </summary>
/// <remarks>
/// A key is a name (<c>[A-Za-z_][A-Za-z0-9_]*</c>) or a quoted String. The <c>:</c> after a key is found only at
/// the start of an entry, so a conditional (<c>c ? a : b</c>) inside a value keeps its own colon.
/// </remarks>
internal static class LiteralRewriter
{
    /// <summary>The text with every Array and Object literal turned into a call of <c>array</c> or <c>object</c>.</summary>
    /// <exception cref="ExpressionException">A bracket does not match, or an Object entry has no key, no ':' or a repeated key; says at which position.</exception>
    public static string Rewrite(string text)
    {
        if (text.AsSpan().IndexOfAny("[]{}") < 0)
        {
            return text; // the common case: nothing to rewrite
        }

        var output = new StringBuilder(text.Length + 16);
        var open = new Stack<(char Bracket, int Position, HashSet<string>? Keys)>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            switch (c)
            {
                case '\'' or '"' or '#':
                    int end = PathRewriter.SkipPast(text, i, c); // string and date literals are never brackets
                    output.Append(text, i, end - i);
                    i = end;
                    continue;
                case '[':
                    open.Push(('[', i, null));
                    output.Append("array(");
                    break;
                case '{':
                    open.Push(('{', i, new HashSet<string>(StringComparer.Ordinal)));
                    output.Append("object(");
                    i = Key(text, i + 1, output, open.Peek().Position, open.Peek().Keys!, first: true);
                    continue;
                case '(':
                    open.Push(('(', i, null));
                    output.Append(c);
                    break;
                case ']' or '}' or ')':
                    char expected = c switch { ']' => '[', '}' => '{', _ => '(' };
                    if (open.Count == 0 || open.Peek().Bracket != expected)
                    {
                        throw new ExpressionException(open.Count == 0
                            ? $"'{c}' at position {i} closes nothing"
                            : $"'{c}' at position {i} does not close the '{open.Peek().Bracket}' at position {open.Peek().Position}");
                    }

                    open.Pop();
                    output.Append(')');
                    break;
                case ',' when open.Count > 0 && open.Peek().Bracket == '{':
                    output.Append(", ");
                    i = Key(text, i + 1, output, open.Peek().Position, open.Peek().Keys!, first: false);
                    continue;
                default:
                    output.Append(c);
                    break;
            }

            i++;
        }

        if (open.Count > 0)
        {
            (char bracket, int position, _) = open.Peek();
            throw new ExpressionException($"the '{bracket}' at position {position} is not closed");
        }

        return output.ToString();
    }

    // An Object entry's key and its ':' (or the Object's end when it is empty): appends the key as a String
    // literal and a comma, and returns where the value starts.
    private static int Key(string text, int i, StringBuilder output, int objectAt, HashSet<string> keys, bool first)
    {
        i = SkipSpace(text, i);
        if (first && i < text.Length && text[i] == '}')
        {
            return i; // {} — the closing brace is handled by the caller
        }

        int start = i;
        string key;
        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            key = text[start..i];
            output.Append('\'').Append(key).Append('\'');
        }
        else if (i < text.Length && text[i] is '\'' or '"')
        {
            i = PathRewriter.SkipPast(text, i, text[i]);
            key = text[(start + 1)..Math.Max(start + 1, i - 1)];
            output.Append(text, start, i - start);
        }
        else
        {
            throw new ExpressionException(
                $"the Object at position {objectAt} needs a key (a name or a quoted String) at position {start}, found {Found(text, start)}");
        }

        i = SkipSpace(text, i);
        if (i >= text.Length || text[i] != ':')
        {
            throw new ExpressionException($"the Object at position {objectAt} needs ':' after the key '{key}' at position {i}, found {Found(text, i)}");
        }

        if (!keys.Add(key))
        {
            throw new ExpressionException($"the Object at position {objectAt} has the key '{key}' twice");
        }

        output.Append(',');
        return i + 1;
    }

    private static string Found(string text, int i) => i < text.Length ? $"'{text[i]}'" : "the end of the expression";

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
