using System.Globalization;

namespace Reflow.Scripting.Python;

/// <summary>
/// The subset of Python's marshal format, version 2, that the host and the runner exchange: the type codes, the
/// nesting limit, and Python's own text of a float (a dict key <c>1.5</c> becomes the key <c>"1.5"</c>, as
/// <c>str(k)</c> gives).
/// </summary>
internal static class PythonMarshal
{
    public const byte None = (byte)'N';
    public const byte True = (byte)'T';
    public const byte False = (byte)'F';
    public const byte Int = (byte)'i';
    public const byte Long = (byte)'l';
    public const byte Float = (byte)'g';
    public const byte Unicode = (byte)'u';
    public const byte Bytes = (byte)'s';
    public const byte Tuple = (byte)'(';
    public const byte List = (byte)'[';
    public const byte Dict = (byte)'{';
    public const byte DictEnd = (byte)'0';

    /// <summary>The deepest nesting of lists, tuples and dicts either side writes or reads (as <c>Message.MaxDepth</c>).</summary>
    public const int MaxDepth = 256;

    /// <summary>A long's digits are base 2^15, least significant first.</summary>
    public const int LongShift = 15;

    /// <summary>What a type code is, for errors: <c>'&lt;' (a set)</c>.</summary>
    public static string Describe(byte code)
    {
        string what = (code & 0x7F) switch
        {
            (byte)'<' or (byte)'>' => "a set",
            (byte)'y' or (byte)'x' => "a complex number",
            (byte)'c' => "a code object",
            (byte)'r' => "a reference (marshal version 3 or later)",
            (byte)'S' => "StopIteration",
            (byte)'.' => "Ellipsis",
            (byte)'t' or (byte)'a' or (byte)'A' or (byte)'z' or (byte)'Z' => "an interned or short string (marshal version 3 or later)",
            (byte)')' => "a small tuple (marshal version 4)",
            (byte)'f' => "a float in text form (marshal version 1)",
            _ => "not a type code of the subset",
        };
        string flag = (code & 0x80) != 0 ? " with the FLAG_REF bit (0x80)" : "";
        return code is >= 0x20 and < 0x7F
            ? $"'{(char)code}' (0x{code:x2}, {what})"
            : $"0x{code:x2} ({what}{flag})";
    }

    /// <summary>Python's <c>repr</c>/<c>str</c> of a float: the shortest round-trip digits, fixed notation for exponents from -4 to 15, else <c>1e+16</c>.</summary>
    public static string FloatText(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "E16" is not shortest; "R" is: split it into its digits and its decimal exponent.
        string r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOf('E', StringComparison.Ordinal);
        string mantissa = e < 0 ? r : r[..e];
        int exponent = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int point = (dot < 0 ? mantissa.Length : dot) + exponent; // value = 0.digits * 10^point
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
            point--;
        }

        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        string sign = value < 0 ? "-" : "";
        if (point > -4 && point <= 16)
        {
            if (point <= 0)
            {
                return sign + "0." + new string('0', -point) + digits;
            }

            return point >= digits.Length
                ? sign + digits + new string('0', point - digits.Length) + ".0"
                : sign + digits[..point] + "." + digits[point..];
        }

        int shown = point - 1;
        string body = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        return sign + body + "e" + (shown < 0 ? "-" : "+") + Math.Abs(shown).ToString("00", CultureInfo.InvariantCulture);
    }
}
