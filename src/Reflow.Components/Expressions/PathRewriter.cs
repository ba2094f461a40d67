using System.Text;

namespace Reflow.Components.Expressions;

/// <summary>
/// Lets expressions write field paths as <c>value.address.city</c> or <c>value.items.0</c>: NCalc reads a plain name
/// only up to the first dot, so each dotted name outside string literals is rewritten into NCalc's bracketed
/// parameter form <c>[value.address.city]</c> before NCalc parses the text. Nothing else of the text changes.
/// </summary>
internal static class PathRewriter
{
    /// <summary>The text with every dotted name bracketed.</summary>
    public static string Rewrite(string text)
    {
        StringBuilder? rewritten = null;
        int copied = 0;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c is '\'' or '"' or '#')
            {
                i = SkipPast(text, i, c); // string and date literals are never names
            }
            else if (c == '[')
            {
                i = SkipPast(text, i, ']'); // already a bracketed name
            }
            else if (c == '{')
            {
                i = SkipPast(text, i, '}');
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_'))
                {
                    i++; // a number (1.5, 1e3) is one token, so its letters are not taken for a name
                }
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                int start = i;
                i = SkipName(text, i);
                bool dotted = false;
                while (i + 1 < text.Length && text[i] == '.' && (char.IsAsciiLetterOrDigit(text[i + 1]) || text[i + 1] == '_'))
                {
                    dotted = true;
                    i = SkipName(text, i + 1);
                }

                if (dotted)
                {
                    rewritten ??= new StringBuilder(text.Length + 8);
                    rewritten.Append(text, copied, start - copied).Append('[').Append(text, start, i - start).Append(']');
                    copied = i;
                }
            }
            else
            {
                i++;
            }
        }

        return rewritten is null ? text : rewritten.Append(text, copied, text.Length - copied).ToString();
    }

    private static int SkipName(string text, int i)
    {
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i;
    }

    // Past the closing character, over backslash escapes (or to the end when it is missing: NCalc then reports
    // the unclosed literal). LiteralRewriter skips literals the same way.
    internal static int SkipPast(string text, int open, char close)
    {
        for (int i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == close)
            {
                return i + 1;
            }
        }

        return text.Length;
    }
}
