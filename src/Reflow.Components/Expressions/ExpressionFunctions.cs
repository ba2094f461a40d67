using System.Globalization;
using NCalc.Handlers;
using Reflow.Messages;

namespace Reflow.Components.Expressions;

/// <summary>
/// The functions the standard library adds to NCalc's own (Abs, Ceiling, Floor, Max, Min, Pow, Round, Sqrt, if,
/// in, …): text helpers and conversions that work on message values. Names are lower-case.
/// </summary>
internal static class ExpressionFunctions
{
    /// <summary>name, signature and what it does: installed by <see cref="Install"/> and listed in the docs.</summary>
    public static readonly (string Name, string Signature, string Does)[] Catalog =
    [
        ("len", "len(x)", "length of a String (characters), Array (elements), Object (fields) or Bytes"),
        ("lower", "lower(s)", "lower-case"),
        ("upper", "upper(s)", "upper-case"),
        ("trim", "trim(s)", "without leading and trailing white space"),
        ("contains", "contains(s, part)", "whether s contains part (ordinal); for an Array, whether it has an element equal to part"),
        ("startsWith", "startsWith(s, prefix)", "whether s starts with prefix (ordinal)"),
        ("endsWith", "endsWith(s, suffix)", "whether s ends with suffix (ordinal)"),
        ("substr", "substr(s, start[, length])", "part of s"),
        ("replace", "replace(s, old, new)", "s with every old replaced by new (ordinal)"),
        ("str", "str(x)", "x as text (Strings as they are, anything else as plain JSON)"),
        ("int", "int(x)", "x as an Integer (numbers truncated, Strings parsed, Booleans 0/1)"),
        ("float", "float(x)", "x as a Float (Strings parsed)"),
        ("isNull", "isNull(x)", "whether x is null or missing"),
        ("coalesce", "coalesce(a, b, …)", "the first argument that is not null"),
    ];

    /// <summary>Adds the functions to <paramref name="functions"/>.</summary>
    public static void Install(IDictionary<string, ExpressionFunction> functions)
    {
        functions["len"] = static args => Length(One(args, "len"));
        functions["lower"] = static args => Text(args, 0, "lower").ToLowerInvariant();
        functions["upper"] = static args => Text(args, 0, "upper").ToUpperInvariant();
        functions["trim"] = static args => Text(args, 0, "trim").Trim();
        functions["contains"] = static args => Contains(Count(args, 2, "contains"));
        functions["startsWith"] = static args => Text(Count(args, 2, "startsWith"), 0, "startsWith").StartsWith(Text(args, 1, "startsWith"), StringComparison.Ordinal);
        functions["endsWith"] = static args => Text(Count(args, 2, "endsWith"), 0, "endsWith").EndsWith(Text(args, 1, "endsWith"), StringComparison.Ordinal);
        functions["substr"] = static args => Substring(args);
        functions["replace"] = static args => Text(Count(args, 3, "replace"), 0, "replace").Replace(Text(args, 1, "replace"), Text(args, 2, "replace"), StringComparison.Ordinal);
        functions["str"] = static args => ExpressionValues.ToText(One(args, "str"));
        functions["int"] = static args => ToInteger(One(args, "int"));
        functions["float"] = static args => ToFloat(One(args, "float"));
        functions["isNull"] = static args => One(args, "isNull") is null;
        functions["coalesce"] = static args => Coalesce(args);
    }

    private static FunctionData Count(FunctionData args, int count, string name) =>
        args.Count == count ? args : throw new ExpressionException($"{name} takes {count} arguments, not {args.Count}");

    private static object? One(FunctionData args, string name) => Count(args, 1, name).Evaluate(0);

    private static string Text(FunctionData args, int index, string name) =>
        args.Evaluate(index) is string text ? text : throw new ExpressionException($"{name} expects a String as argument {index + 1}, got {Describe(args.Evaluate(index))}");

    private static object Length(object? value) => value switch
    {
        string text => (long)text.Length,
        Message { Kind: MessageKind.Array } array => (long)array.AsArray().Length,
        Message { Kind: MessageKind.Object } obj => (long)obj.AsObject().Count,
        Message { Kind: MessageKind.Bytes } bytes => (long)bytes.AsBytes().Length,
        _ => throw new ExpressionException($"len expects a String, Array, Object or Bytes, got {Describe(value)}"),
    };

    private static object Contains(FunctionData args)
    {
        object? container = args.Evaluate(0);
        object? part = args.Evaluate(1);
        if (container is Message { Kind: MessageKind.Array } array)
        {
            Message wanted = ExpressionValues.ToMessage(part);
            return array.AsArray().Any(item => item.Equals(wanted) || (IsNumber(item) && IsNumber(wanted) && ToDouble(item) == ToDouble(wanted)));
        }

        return Text(args, 0, "contains").Contains(Text(args, 1, "contains"), StringComparison.Ordinal);
    }

    private static object Substring(FunctionData args)
    {
        if (args.Count is not (2 or 3))
        {
            throw new ExpressionException($"substr takes 2 or 3 arguments, not {args.Count}");
        }

        string text = Text(args, 0, "substr");
        long start = Convert.ToInt64(args.Evaluate(1), CultureInfo.InvariantCulture);
        long length = args.Count == 3 ? Convert.ToInt64(args.Evaluate(2), CultureInfo.InvariantCulture) : text.Length - start;
        if (start < 0 || length < 0 || start + length > text.Length)
        {
            throw new ExpressionException($"substr({start}, {length}) is outside the {text.Length} characters of the String");
        }

        return text.Substring((int)start, (int)length);
    }

    private static object ToInteger(object? value) => value switch
    {
        long number => number,
        int number => (long)number,
        double number when double.IsFinite(number) && Math.Abs(number) < 9.2e18 => (long)number,
        decimal number => (long)number,
        bool flag => flag ? 1L : 0L,
        string text when long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) => parsed,
        _ => throw new ExpressionException($"int cannot convert {Describe(value)} to an Integer"),
    };

    private static object ToFloat(object? value) => value switch
    {
        double number => number,
        long number => (double)number,
        int number => (double)number,
        decimal number => (double)number,
        string text when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
        _ => throw new ExpressionException($"float cannot convert {Describe(value)} to a Float"),
    };

    private static object? Coalesce(FunctionData args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (args.Evaluate(i) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static bool IsNumber(in Message message) => message.Kind is MessageKind.Integer or MessageKind.Float;

    private static double ToDouble(in Message message) => message.TryGetInteger(out long integer) ? integer : message.AsFloat();

    /// <summary>How an NCalc value is named in an error: its message kind and text.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        Message message => message.ToString(),
        _ => ExpressionValues.ToMessage(value).ToString(),
    };
}
