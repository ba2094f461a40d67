using System.Globalization;
using System.Text;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>
/// The type conversions of data/Convert and data/Transform: lossless or refused, never silently approximate
/// (a Float with a fraction does not become an Integer; "12abc" is not a number).
/// </summary>
internal static class ValueConversion
{
    /// <summary>The target types, as configuration names them.</summary>
    public const string Targets = "integer|float|string|boolean|json|bytes";

    /// <summary>Converts <paramref name="value"/> to <paramref name="target"/>; on failure says why.</summary>
    public static bool TryConvert(in Message value, string target, out Message result, out string? problem)
    {
        if (value.IsBracket)
        {
            // A stream boundary is not data: "converting" it would turn a group marker into a value.
            result = default;
            problem = $"{value} is a bracket (a stream boundary, not a value) and cannot be converted to {target}";
            return false;
        }

        problem = null;
        result = target switch
        {
            "integer" => ToInteger(value),
            "float" => ToFloat(value),
            "string" => value.TryGetString(out string? s) ? value : Message.String(value.TryGetError(out string? e) ? e : MessageJson.ToJson(value)),
            "boolean" => ToBoolean(value),
            "json" => ParseJson(value, ref problem),
            "bytes" => value.Kind == MessageKind.Bytes ? value : value.TryGetString(out string? t) ? Message.FromOwnedBytes(Encoding.UTF8.GetBytes(t)) : default,
            _ => default,
        };

        if (result.IsFlow && problem is null && !(value.IsFlow && target == "json"))
        {
            problem = $"{value} cannot be converted to {target}";
        }

        return problem is null;
    }

    private static Message ToInteger(in Message value)
    {
        if (value.Kind == MessageKind.Integer)
        {
            return value;
        }

        if (value.TryGetFloat(out double real) && real == Math.Truncate(real) && real >= -9.223372036854775808e18 && real < 9.223372036854775808e18)
        {
            return Message.Integer((long)real);
        }

        if (value.TryGetBoolean(out bool flag))
        {
            return Message.Integer(flag ? 1 : 0);
        }

        return value.TryGetString(out string? text) && long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed)
            ? Message.Integer(parsed)
            : default;
    }

    private static Message ToFloat(in Message value)
    {
        if (value.TryGetFloat(out _))
        {
            return value;
        }

        if (value.TryGetInteger(out long integer))
        {
            return Message.Float(integer);
        }

        return value.TryGetString(out string? text) && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)
            ? Message.Float(parsed)
            : default;
    }

    private static Message ToBoolean(in Message value)
    {
        if (value.Kind == MessageKind.Boolean)
        {
            return value;
        }

        if (value.TryGetInteger(out long integer) && integer is 0 or 1)
        {
            return Message.Boolean(integer == 1);
        }

        if (value.TryGetString(out string? text))
        {
            string trimmed = text.Trim();
            if (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return Message.Boolean(true);
            }

            if (trimmed.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return Message.Boolean(false);
            }
        }

        return default;
    }

    private static Message ParseJson(in Message value, ref string? problem)
    {
        try
        {
            if (value.TryGetString(out string? text))
            {
                return MessageJson.Parse(text);
            }

            if (value.TryGetBytes(out ReadOnlyMemory<byte> bytes))
            {
                return MessageJson.Parse(bytes.Span);
            }
        }
        catch (MessageFormatException ex)
        {
            problem = $"not valid JSON: {ex.Message}";
            return default;
        }

        problem = $"only a String or Bytes can be parsed as JSON, not {value}";
        return default;
    }
}
