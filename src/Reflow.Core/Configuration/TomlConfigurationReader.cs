using Tomlyn;
using Tomlyn.Parsing;

namespace Reflow.Configuration;

/// <summary>
/// Reads a <c>reflow.toml</c> into (key, value, line) entries with Tomlyn's pull parser, so every value keeps the
/// line it was written on; tables that are not part of the configuration are reported once, not key by key.
/// </summary>
internal sealed class TomlConfigurationReader
{
    private readonly string _fileName;
    private readonly List<ConfigurationProblem> _problems;
    private readonly List<(string Key, object Value, int Line)> _entries = [];
    private readonly List<string> _path = [];

    private TomlConfigurationReader(string fileName, List<ConfigurationProblem> problems)
    {
        _fileName = fileName;
        _problems = problems;
    }

    /// <summary>The entries of <paramref name="text"/>; syntax errors and misplaced tables are added to <paramref name="problems"/>.</summary>
    public static IReadOnlyList<(string Key, object Value, int Line)> Read(string text, string fileName, List<ConfigurationProblem> problems)
    {
        if (ForbiddenCharacter(text, fileName) is { } forbidden)
        {
            problems.Add(forbidden);
            return [];
        }

        var reader = new TomlConfigurationReader(fileName, problems);
        try
        {
            reader.ReadAll(TomlParser.Create(text, new TomlParserOptions(), null));
        }
        catch (TomlException ex)
        {
            // The parser stops at the first syntax error: what it read before is dropped, so nothing half-read applies.
            problems.Add(new ConfigurationProblem($"{fileName}:{ex.Line}", null, "TOML syntax error: " + SyntaxMessage(ex)));
            return [];
        }
        catch (ArgumentOutOfRangeException ex) when (ex.ParamName == "utf32" && text.EndsWith('\\'))
        {
            // Tomlyn 2.10 fails this way, instead of with a TomlException, on a string cut off right after a backslash: it
            // formats the end of the text (-1) as a character for its message.
            int line = text.AsSpan().Count('\n') + 1;
            problems.Add(new ConfigurationProblem($"{fileName}:{line}", null, "TOML syntax error: the text ends inside a string, right after a backslash (an escape sequence with nothing after it)"));
            return [];
        }
        catch (ArgumentException ex)
        {
            // Tomlyn 2.10 throws this, not a TomlException, for an escape past U+10FFFF or a surrogate (\U0011FFFF).
            problems.Add(new ConfigurationProblem(fileName, null, $"TOML syntax error: a \\u or \\U escape that names no Unicode character ({ex.Message.Split(" (Parameter", 2)[0]})"));
            return [];
        }

        return reader._entries;
    }

    private void ReadAll(TomlParser parser)
    {
        var pushed = new Stack<bool>();
        string? name = null;
        int nameLine = 0;
        while (parser.MoveNext())
        {
            TomlParseEvent e = parser.Current;
            switch (e.Kind)
            {
                case TomlParseEventKind.PropertyName:
                    name = parser.GetPropertyName();
                    nameLine = e.Line;
                    break;
                case TomlParseEventKind.StartTable when name is null:
                    pushed.Push(false); // the document's root table
                    break;
                case TomlParseEventKind.StartTable:
                    _path.Add(name);
                    pushed.Push(true);
                    string table = string.Join('.', _path);
                    name = null;
                    if (!ConfigurationSchema.IsTable(table))
                    {
                        Report(table, nameLine, ConfigurationSchema.Find(table) is { } key
                            ? $"{table} must be {key.Expected}, but is a table"
                            : UnknownTable(table));
                        Skip(parser);
                        _path.RemoveAt(_path.Count - 1);
                        pushed.Pop();
                    }

                    break;
                case TomlParseEventKind.EndTable:
                    if (pushed.Pop())
                    {
                        _path.RemoveAt(_path.Count - 1);
                    }

                    break;
                case TomlParseEventKind.StartArray when name is not null:
                    Add(name, nameLine, ReadArray(parser));
                    name = null;
                    break;
                case TomlParseEventKind.String or TomlParseEventKind.Integer or TomlParseEventKind.Float
                    or TomlParseEventKind.Boolean or TomlParseEventKind.DateTime when name is not null:
                    Add(name, nameLine, Scalar(parser, e));
                    name = null;
                    break;
            }
        }
    }

    private void Add(string name, int line, object value)
    {
        string key = _path.Count == 0 ? name : string.Join('.', _path) + "." + name;
        if (ConfigurationSchema.Find(key) is null && ConfigurationSchema.IsTable(key))
        {
            Report(key, line, $"{key} must be a table ([{key}]), but is {ReflowConfiguration.Describe(value)}");
            return;
        }

        _entries.Add((key, value, line));
    }

    private static object Scalar(TomlParser parser, TomlParseEvent e) => e.Kind switch
    {
        TomlParseEventKind.String => parser.GetString(),
        TomlParseEventKind.Integer => e.GetInt64(),
        TomlParseEventKind.Float => e.GetDouble(),
        TomlParseEventKind.Boolean => e.GetBoolean(),
        _ => new TomlDateMarker(),
    };

    /// <summary>An array's items; a nested array or table stands as an item of its own kind so the key's check reports it.</summary>
    private static List<object> ReadArray(TomlParser parser)
    {
        var items = new List<object>();
        while (parser.MoveNext())
        {
            TomlParseEvent e = parser.Current;
            switch (e.Kind)
            {
                case TomlParseEventKind.EndArray:
                    return items;
                case TomlParseEventKind.StartArray:
                    items.Add(ReadArray(parser));
                    break;
                case TomlParseEventKind.StartTable:
                    Skip(parser);
                    items.Add(new TomlTableMarker());
                    break;
                case TomlParseEventKind.PropertyName:
                    break;
                default:
                    items.Add(Scalar(parser, e));
                    break;
            }
        }

        return items;
    }

    /// <summary>Skips to the end of the table just started.</summary>
    private static void Skip(TomlParser parser)
    {
        int depth = 1;
        while (depth > 0 && parser.MoveNext())
        {
            depth += parser.Current.Kind switch
            {
                TomlParseEventKind.StartTable => 1,
                TomlParseEventKind.EndTable => -1,
                _ => 0,
            };
        }
    }

    private void Report(string key, int line, string message) => _problems.Add(new ConfigurationProblem($"{_fileName}:{line}", key, message));

    private static string UnknownTable(string table)
    {
        string parent = table.Contains('.', StringComparison.Ordinal) ? table[..table.LastIndexOf('.')] : "";
        IEnumerable<string> siblings = ConfigurationSchema.Sections
            .Where(s => parent.Length == 0 ? true : s.StartsWith(parent + ".", StringComparison.Ordinal))
            .Select(s => "[" + s + "]");
        string hint = table == "runtimes.deno" ? " (JavaScript runs in-process here: use [runtimes.javascript])" : "";
        return $"unknown table [{table}]{hint}; the tables are {string.Join(", ", siblings)}";
    }

    private static string SyntaxMessage(TomlException ex)
    {
        // "(2,5) : error : Unexpected token ..." — the place is said by the location already. Only the first: Tomlyn
        // goes on after an error and lists every later one (thousands for a string left open), most caused by the first.
        string message = ex.Message;
        int marker = message.IndexOf(": error : ", StringComparison.Ordinal);
        message = marker >= 0 ? message[(marker + ": error : ".Length)..] : message;
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end >= 0 ? message[..end] : message).TrimEnd();
    }

    /// <summary>
    /// The first character TOML allows nowhere — a control character other than tab, newline and carriage return,
    /// DEL, or half of a UTF-16 surrogate pair — as a syntax error at its line and column; null when there is none.
    /// Checked before Tomlyn, which reports each such character as an error of its own and keeps them all (~1.4 KB
    /// each: AFL++'s files of a few thousand of them made 15–55 MB of diagnostics, fuzz/regressions/toml).
    /// </summary>
    private static ConfigurationProblem? ForbiddenCharacter(string text, string fileName)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
                continue;
            }

            string? what = c switch
            {
                '\t' or '\r' => null,
                < ' ' or '\u007f' => $"a control character (U+{(int)c:X4}): TOML allows none but tab in a file",
                _ when char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) => Skip(ref i),
                _ when char.IsSurrogate(c) => $"half of a UTF-16 surrogate pair (U+{(int)c:X4}), which is no Unicode character",
                _ => null,
            };
            if (what is not null)
            {
                return new ConfigurationProblem($"{fileName}:{line}", null, $"TOML syntax error at column {i - lineStart + 1}: {what}");
            }
        }

        return null;

        static string? Skip(ref int i)
        {
            i++; // a whole pair: the low half is not looked at again
            return null;
        }
    }

    /// <summary>A TOML date-time: no key takes one.</summary>
    internal sealed class TomlDateMarker
    {
        public override string ToString() => "a date-time";
    }

    /// <summary>An inline table inside an array: no key takes one.</summary>
    internal sealed class TomlTableMarker
    {
        public override string ToString() => "a table";
    }
}
