using System.Diagnostics;
using System.Globalization;

namespace Reflow.Messages;

/// <summary>
/// Formats finite doubles as JSON numbers that read back as Float: the shortest round-trip form, with
/// ".0" appended when that form has no fraction or exponent (so 1.0 is not mistaken for an Integer).
/// </summary>
internal static class FloatText
{
    /// <summary>Large enough for any double in "R" form ("-1.7976931348623157E+308") plus ".0".</summary>
    public const int MaxLength = 32;

    public static int FormatUtf8(double value, Span<byte> destination)
    {
        Debug.Assert(double.IsFinite(value), "Non-finite values have no JSON number form.");
        bool ok = value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
        Debug.Assert(ok, "MaxLength covers every double.");
        if (destination[..written].IndexOfAny((byte)'.', (byte)'E', (byte)'e') < 0)
        {
            destination[written++] = (byte)'.';
            destination[written++] = (byte)'0';
        }

        return written;
    }

    public static int FormatChars(double value, Span<char> destination)
    {
        Debug.Assert(double.IsFinite(value), "Non-finite values have no JSON number form.");
        bool ok = value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
        Debug.Assert(ok, "MaxLength covers every double.");
        if (destination[..written].IndexOfAny('.', 'E', 'e') < 0)
        {
            destination[written++] = '.';
            destination[written++] = '0';
        }

        return written;
    }
}
