using System.Text;
using System.Text.Json;
using CsCheck;

namespace Reflow.Tests.Properties;

/// <summary>Generators of text and JSON shared by the property tests: any Unicode, any JSON value.</summary>
internal static class Generators
{
    /// <summary>Any Unicode scalar value (surrogate pairs included, lone surrogates never), weighted towards the awkward ones.</summary>
    public static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (2, Gen.Char['\0', '\u007f'].Select(c => c.ToString())),
        (1, Gen.OneOf("\"", "\\", "'", "\u2028", "\u2029", "\uFEFF", "\uFFFF", "\u0301", "\u00e9", "日", "😀", "👍🏽", "\U0010FFFF")),
        (2, Gen.Int[0x80, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32)));

    /// <summary>Well-formed UTF-16 text of up to <paramref name="most"/> scalar values.</summary>
    public static Gen<string> Text(int most = 12) => Scalar.Array[0, most].Select(parts => string.Concat(parts));

    /// <summary>The finite doubles JSON can write, weighted towards the edges.</summary>
    public static readonly Gen<double> FiniteDouble = Gen.Frequency(
        (4, Gen.Double.Where(double.IsFinite)),
        (1, Gen.OneOf(0.0, -0.0, 0.1, 1.0, -1.5, 1e20, 1e-300, double.MaxValue, double.MinValue, double.Epsilon)));

    /// <summary>Any double, NaN, both infinities and -0 included.</summary>
    public static readonly Gen<double> AnyDouble = Gen.Frequency(
        (5, FiniteDouble),
        (1, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001UL)))));

    private static readonly Gen<string> ScalarJson = Gen.Frequency(
        (1, Gen.OneOf("null", "true", "false")),
        (2, Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Int[-1000, 1000].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, FiniteDouble.Select(d => JsonSerializer.Serialize(d))),
        (3, Text().Select(s => JsonSerializer.Serialize(s))));

    /// <summary>The text of any JSON value nested at most <paramref name="depth"/> arrays and objects deep (object keys unique).</summary>
    public static Gen<string> JsonText(int depth = 3) => Gen.Recursive<string>((level, value) => level >= depth
        ? ScalarJson
        : Gen.Frequency(
            (4, ScalarJson),
            (1, value.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(Text(6), value).Array[0, 4].Select(ObjectText))));

    /// <summary>A JSON object's text with the first of each repeated key kept.</summary>
    public static string ObjectText((string Key, string Value)[] entries)
    {
        var text = new StringBuilder("{");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string key, string value) in entries)
        {
            if (seen.Add(key))
            {
                text.Append(seen.Count > 1 ? "," : "").Append(JsonSerializer.Serialize(key)).Append(':').Append(value);
            }
        }

        return text.Append('}').ToString();
    }

    /// <summary>Any JSON value.</summary>
    public static Gen<JsonElement> Json(int depth = 3) => JsonText(depth).Select(text => JsonElement.Parse(text));
}
