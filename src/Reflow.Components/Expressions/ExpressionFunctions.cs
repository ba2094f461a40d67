using System.Globalization;
using NCalc.Handlers;
using Reflow.Messages;

namespace Reflow.Components.Expressions;

/// <summary>
/// The functions the standard library adds to NCalc's own (Abs, Ceiling, Floor, Max, Min, Pow, Round, Sqrt, if,
/// in, …): text helpers, Array and Object helpers and conversions that work on message values. Names are
/// camelCase. The regular-expression functions keep their compiled patterns in <see cref="ExpressionRegexes"/>.
/// </summary>
internal static partial class ExpressionFunctions
{
    /// <summary>name, signature and what it does: installed by <see cref="Install"/> (or <see cref="ExpressionRegexes"/>) and listed in the docs.</summary>
    public static readonly (string Name, string Signature, string Does)[] Catalog =
    [
        ("len", "len(x)", "length of a String (characters), Array (elements), Object (fields) or Bytes"),
        ("lower", "lower(s)", "lower-case"),
        ("upper", "upper(s)", "upper-case"),
        ("trim", "trim(s)", "without leading and trailing white space"),
        ("contains", "contains(s, part)", "whether s contains part (ordinal); for an Array, whether it has an element equal to part"),
        ("startsWith", "startsWith(s, prefix)", "whether s starts with prefix (ordinal)"),
        ("endsWith", "endsWith(s, suffix)", "whether s ends with suffix (ordinal)"),
        ("indexOf", "indexOf(s, part)", "position of the first part in s (ordinal), or -1; for an Array, the index of the first element equal to part, or -1"),
        ("substr", "substr(s, start[, length])", "part of s; an error when it reaches outside s"),
        ("slice", "slice(x, start[, end])", "the characters of a String or elements of an Array from start up to (not including) end; negative positions count from the end, and positions outside are clamped"),
        ("replace", "replace(s, old, new)", "s with every old replaced by new (ordinal)"),
        ("split", "split(s, separator)", "the Array of the parts of s between the separators (ordinal, not empty); \"\" gives [\"\"]"),
        ("join", "join(array, separator)", "the elements as text (as str) with separator between them"),
        ("str", "str(x)", "x as text (Strings as they are, anything else as plain JSON)"),
        ("int", "int(x)", "x as an Integer (numbers truncated, Strings parsed, Booleans 0/1); an error names the value"),
        ("float", "float(x)", "x as a Float (Strings parsed); an error names the value"),
        ("keys", "keys(obj)", "the Array of an Object's keys, in the Object's order"),
        ("values", "values(obj)", "the Array of an Object's values, in the Object's order"),
        ("get", "get(x, key)", "an Object's field by name or an Array's element by index (negative from the end); null when missing"),
        ("array", "array(a, b, …)", "the Array [a, b, …] (what the literal [a, b, …] means)"),
        ("object", "object(k1, v1, k2, v2, …)", "the Object {k1: v1, k2: v2, …}, keys Strings (what the literal {k1: v1, …} means)"),
        ("isNull", "isNull(x)", "whether x is null or missing"),
        ("coalesce", "coalesce(a, b, …)", "the first argument that is not null"),
        ("test", "test(s, pattern)", "whether the regular expression pattern matches somewhere in s"),
        ("match", "match(s, pattern)", "the first match of pattern in s as an Array [whole match, group 1, …] (a group that took no part is null), or null"),
        ("capture", "capture(s, pattern)", "the named groups of the first match of pattern in s as an Object {name: text}, or null"),
        ("regexReplace", "regexReplace(s, pattern, replacement)", "s with every match of pattern replaced ($1 and ${name} refer to groups)"),
    ];

    /// <summary>Adds the functions to <paramref name="functions"/>, the functions of one expression.</summary>
    public static void Install(IDictionary<string, ExpressionFunction> functions)
    {
        var split = new LastSplit();
        functions["len"] = static args => Length(One(args, "len"));
        functions["lower"] = static args => Text(One(args, "lower"), 0, "lower").ToLowerInvariant();
        functions["upper"] = static args => Text(One(args, "upper"), 0, "upper").ToUpperInvariant();
        functions["trim"] = static args => Text(One(args, "trim"), 0, "trim").Trim();
        functions["contains"] = static args => Contains(Count(args, 2, "contains"));
        functions["startsWith"] = static args => Text(args, 0, "startsWith", 2).StartsWith(Text(args, 1, "startsWith"), StringComparison.Ordinal);
        functions["endsWith"] = static args => Text(args, 0, "endsWith", 2).EndsWith(Text(args, 1, "endsWith"), StringComparison.Ordinal);
        functions["indexOf"] = static args => IndexOf(Count(args, 2, "indexOf"));
        functions["substr"] = static args => Substring(args);
        functions["slice"] = static args => Slice(args);
        functions["replace"] = static args => Text(args, 0, "replace", 3).Replace(Text(args, 1, "replace"), Text(args, 2, "replace"), StringComparison.Ordinal);
        functions["split"] = args => split.Split(Text(args, 0, "split", 2), Text(args, 1, "split"));
        functions["join"] = static args => Join(Count(args, 2, "join"));
        functions["str"] = static args => ExpressionValues.ToText(One(args, "str"));
        functions["int"] = static args => ToInteger(One(args, "int"));
        functions["float"] = static args => ToFloat(One(args, "float"));
        functions["keys"] = static args => Keys(ObjectArgument(One(args, "keys"), "keys"));
        functions["values"] = static args => Message.Array(ObjectArgument(One(args, "values"), "values").Values);
        functions["get"] = static args => Get(Count(args, 2, "get"));
        functions["array"] = static args => NewArray(args);
        functions["object"] = static args => NewObject(args);
        functions["isNull"] = static args => One(args, "isNull") is null;
        functions["coalesce"] = static args => Coalesce(args);
    }

    /// <summary><paramref name="args"/> when there are <paramref name="count"/> of them.</summary>
    /// <exception cref="ExpressionException">There are not.</exception>
    public static FunctionData Count(FunctionData args, int count, string name) =>
        args.Count == count ? args : throw new ExpressionException($"{name} takes {count} arguments, not {args.Count}");

    private static object? One(FunctionData args, string name) => Count(args, 1, name).Evaluate(0);

    /// <summary>Argument <paramref name="index"/> as a String (checking first that there are <paramref name="count"/> arguments, when given).</summary>
    /// <exception cref="ExpressionException">It is not a String.</exception>
    public static string Text(FunctionData args, int index, string name, int count = -1) =>
        Text((count < 0 ? args : Count(args, count, name)).Evaluate(index), index, name);

    /// <summary><paramref name="value"/>, argument <paramref name="index"/> of <paramref name="name"/>, as a String.</summary>
    /// <exception cref="ExpressionException">It is not a String.</exception>
    public static string Text(object? value, int index, string name) =>
        value as string ?? throw new ExpressionException($"{name} expects a String as argument {index + 1}, got {Describe(value)}");

    private static long Integer(object? value, int index, string name) => value switch
    {
        long number => number,
        int number => number,
        double number when double.IsInteger(number) && Math.Abs(number) < 9.2e18 => (long)number,
        _ => throw new ExpressionException($"{name} expects an Integer as argument {index + 1}, got {Describe(value)}"),
    };

    private static object ToInteger(object? value) => value switch
    {
        long number => number,
        int number => (long)number,
        double number when double.IsFinite(number) && Math.Abs(number) < 9.2e18 => (long)number,
        decimal number => (long)number,
        bool flag => flag ? 1L : 0L,
        string text when long.TryParse(text.AsSpan().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) => parsed,
        string text => throw new ExpressionException($"int cannot convert {Describe(text)} to an Integer: it is not a whole number in the range of a 64-bit Integer"),
        _ => throw new ExpressionException($"int cannot convert {Describe(value)} to an Integer"),
    };

    private static object ToFloat(object? value) => value switch
    {
        double number => number,
        long number => (double)number,
        int number => (double)number,
        decimal number => (double)number,
        string text when double.TryParse(text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
        string text => throw new ExpressionException($"float cannot convert {Describe(text)} to a Float: it is not a number"),
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

    /// <summary>How an NCalc value is named in an error: its message kind and text.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        Message message => message.ToString(),
        _ => ExpressionValues.ToMessage(value).ToString(),
    };
}
