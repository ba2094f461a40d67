using System.Globalization;

namespace Reflow.Messages;

/// <summary>
/// The diagnostic text of a message (<see cref="Message.ToString"/>): the kind name and the value in
/// compact JSON, cut off with an ellipsis past <see cref="MaxLength"/> characters so that logging a
/// huge message never builds a huge string.
/// </summary>
/// <remarks>
/// Kinds JSON cannot express keep their own notation wherever they appear: <c>Flow</c>,
/// <c>Bytes[3] 0A0B0C</c>, <c>Error "boom"</c>, and brackets as their kind name followed by their value, if
/// any, in the nested notation: <c>OpenBracket</c>, <c>OpenBracket "g1"</c>, <c>CloseBracket {"day":3}</c>.
/// The engine's internal end-of-edge marker shows as <c>EndOfEdge</c>. The text is for people, not a format to parse.
/// </remarks>
internal static class MessageText
{
    public const int MaxLength = 256;

    private const string Ellipsis = "…";

    // How many leading bytes a Bytes message shows in hex.
    private const int MaxHexBytes = 32;

    public static string Format(in Message message, bool includeKind)
    {
        if (message.IsEndOfEdge)
        {
            return "EndOfEdge";
        }

        Span<char> buffer = stackalloc char[MaxLength];
        var text = new Writer(buffer);
        if (includeKind)
        {
            switch (message.Kind)
            {
                case MessageKind.Flow:
                case MessageKind.Null:
                case MessageKind.Bytes:
                case MessageKind.Error:
                case MessageKind.OpenBracket:
                case MessageKind.CloseBracket:
                    break; // their notation already names the kind
                default:
                    text.Append(message.Kind.ToString());
                    text.Append(' ');
                    break;
            }
        }

        WriteValue(ref text, message, nested: !includeKind);
        string result = new(text.Written);
        return text.Truncated ? result + Ellipsis : result;
    }

    private static void WriteValue(ref Writer text, in Message message, bool nested)
    {
        if (text.Truncated)
        {
            return;
        }

        switch (message.Kind)
        {
            case MessageKind.Flow:
                text.Append("Flow");
                break;
            case MessageKind.Null:
                text.Append(nested ? "null" : "Null");
                break;
            case MessageKind.Boolean:
                text.Append(message.AsBoolean() ? "true" : "false");
                break;
            case MessageKind.Integer:
                {
                    Span<char> digits = stackalloc char[20];
                    message.AsInteger().TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
                    text.Append(digits[..written]);
                    break;
                }

            case MessageKind.Float:
                WriteFloat(ref text, message.AsFloat());
                break;
            case MessageKind.String:
                WriteQuoted(ref text, message.PayloadString);
                break;
            case MessageKind.Error:
                text.Append("Error ");
                WriteQuoted(ref text, message.PayloadString);
                break;
            case MessageKind.Bytes:
                WriteBytes(ref text, message.PayloadBytes);
                break;
            case MessageKind.Array:
                {
                    text.Append('[');
                    Message[] items = message.PayloadArray;
                    for (int i = 0; i < items.Length && !text.Truncated; i++)
                    {
                        if (i > 0)
                        {
                            text.Append(',');
                        }

                        WriteValue(ref text, items[i], nested: true);
                    }

                    text.Append(']');
                    break;
                }

            case MessageKind.Object:
                {
                    text.Append('{');
                    MessageObject entries = message.PayloadObject;
                    for (int i = 0; i < entries.Count && !text.Truncated; i++)
                    {
                        if (i > 0)
                        {
                            text.Append(',');
                        }

                        WriteQuoted(ref text, entries.GetKey(i));
                        text.Append(':');
                        WriteValue(ref text, entries.GetValue(i), nested: true);
                    }

                    text.Append('}');
                    break;
                }

            case MessageKind.OpenBracket:
            case MessageKind.CloseBracket:
                text.Append(message.IsOpenBracket ? "OpenBracket" : "CloseBracket");
                if (message.TryGetBracketValue(out Message value))
                {
                    text.Append(' ');
                    WriteValue(ref text, value, nested: true);
                }

                break;
            default:
                if (message.IsEndOfEdge)
                {
                    text.Append("EndOfEdge"); // nested in an Array by mistake: still say what it is
                }

                break;
        }
    }

    private static void WriteFloat(ref Writer text, double value)
    {
        if (double.IsNaN(value))
        {
            text.Append("NaN");
        }
        else if (double.IsInfinity(value))
        {
            text.Append(value > 0 ? "Infinity" : "-Infinity");
        }
        else
        {
            Span<char> chars = stackalloc char[FloatText.MaxLength];
            text.Append(chars[..FloatText.FormatChars(value, chars)]);
        }
    }

    private static void WriteBytes(ref Writer text, byte[] bytes)
    {
        text.Append("Bytes[");
        Span<char> digits = stackalloc char[11];
        bytes.Length.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        text.Append(digits[..written]);
        text.Append(']');
        if (bytes.Length == 0)
        {
            return;
        }

        text.Append(' ');
        int shown = Math.Min(bytes.Length, MaxHexBytes);
        Span<char> hex = stackalloc char[2 * MaxHexBytes];
        Convert.TryToHexString(bytes.AsSpan(0, shown), hex, out int hexLength);
        text.Append(hex[..hexLength]);
        if (shown < bytes.Length)
        {
            text.MarkTruncated();
        }
    }

    private static void WriteQuoted(ref Writer text, string value)
    {
        text.Append('"');
        foreach (char c in value)
        {
            if (text.Truncated)
            {
                return;
            }

            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                default:
                    if (c < ' ')
                    {
                        text.Append("\\u00");
                        text.Append(HexDigit(c >> 4));
                        text.Append(HexDigit(c & 0xF));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    /// <summary>Appends into a fixed buffer and remembers whether anything did not fit.</summary>
    private ref struct Writer
    {
        private readonly Span<char> _buffer;
        private int _length;

        public Writer(Span<char> buffer)
        {
            _buffer = buffer;
            _length = 0;
            Truncated = false;
        }

        public bool Truncated { get; private set; }

        public readonly ReadOnlySpan<char> Written => _buffer[.._length];

        public void MarkTruncated() => Truncated = true;

        public void Append(char c)
        {
            if (_length < _buffer.Length)
            {
                _buffer[_length++] = c;
            }
            else
            {
                Truncated = true;
            }
        }

        public void Append(scoped ReadOnlySpan<char> chars)
        {
            int fits = Math.Min(chars.Length, _buffer.Length - _length);
            chars[..fits].CopyTo(_buffer[_length..]);
            _length += fits;
            if (fits < chars.Length)
            {
                Truncated = true;
            }
        }
    }
}
