using System.Globalization;
using Tomlyn;
using Tomlyn.Parsing;

namespace Reflow.Distributed.Partitioning;

/// <summary>
/// Reads a deployment file with Tomlyn's pull parser, so every problem names the line it is on; collects every
/// problem of the file before it throws (a syntax error stops the parser: it is reported alone).
/// </summary>
internal sealed class DeploymentFileReader
{
    public const string DefaultFileName = "deploy.toml";

    private const string Tables = "[placement], [delivery], [edges] and [scripts]";
    private const string EdgeKeys = "max_batch and compression_threshold";

    private readonly string _fileName;
    private readonly List<(int Line, string Text)> _problems = [];
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, string> _placement = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, DeliveryMode> _delivery = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, string> _scripts = new(StringComparer.Ordinal);
    private DeliveryMode _defaultDelivery = DeliveryMode.AtMostOnce;
    private int _maxBatch = DeploymentFile.DefaultMaxBatch;
    private int _compressionThreshold = DeploymentFile.DefaultCompressionThreshold;

    private DeploymentFileReader(string fileName) => _fileName = fileName;

    public static DeploymentFile Read(string text, string? fileName)
    {
        var reader = new DeploymentFileReader(fileName ?? DefaultFileName);
        reader.CheckTablesWrittenOnce(text);
        try
        {
            reader.ReadAll(TomlParser.Create(text, new TomlParserOptions(), null));
        }
        catch (TomlException ex)
        {
            throw new DeploymentException($"{reader._fileName}:{ex.Line}: TOML syntax error: {SyntaxMessage(ex)}", ex);
        }
        catch (ArgumentException ex)
        {
            // Tomlyn 2.10 throws this, not a TomlException, for an incomplete \U escape at the end of the text.
            throw new DeploymentException($"{reader._fileName}: TOML syntax error: a \\u or \\U escape that names no Unicode character ({ex.Message.Split(" (Parameter", 2)[0]})", ex);
        }

        if (reader._problems.Count > 0)
        {
            throw new DeploymentException([.. reader._problems.OrderBy(p => p.Line).Select(p => p.Text)]); // stable: same line, found order
        }

        return new DeploymentFile
        {
            FileName = fileName,
            Placement = reader._placement,
            DefaultDelivery = reader._defaultDelivery,
            EdgeDelivery = reader._delivery,
            MaxBatch = reader._maxBatch,
            CompressionThreshold = reader._compressionThreshold,
            Scripts = reader._scripts,
            Lines = reader._lines,
        };
    }

    private void ReadAll(TomlParser parser)
    {
        string? section = null; // the table being read: placement, delivery or edges
        string? name = null;
        int nameLine = 0;
        int depth = 0;
        while (parser.MoveNext())
        {
            TomlParseEvent e = parser.Current;
            switch (e.Kind)
            {
                case TomlParseEventKind.PropertyName:
                    name = parser.GetPropertyName();
                    nameLine = e.Line;
                    break;
                case TomlParseEventKind.StartTable when depth == 0:
                    depth = 1; // the document's root table
                    break;
                case TomlParseEventKind.StartTable when depth == 1 && name is not null:
                    if (name is "placement" or "delivery" or "edges" or "scripts")
                    {
                        section = name;
                        depth = 2;
                    }
                    else
                    {
                        Report(nameLine, $"unknown table [{name}]; the tables are {Tables}");
                        SkipTable(parser);
                    }

                    name = null;
                    break;
                case TomlParseEventKind.StartTable:
                    // [placement.x], a dotted key (x.y = …) or an inline table: no key of a deployment takes a table.
                    Report(nameLine, $"{Describe(section, name)} must be {Expected(section, name)}, but is a table (quote a key that contains a dot: \"{name}.…\")");
                    SkipTable(parser);
                    name = null;
                    break;
                case TomlParseEventKind.EndTable:
                    if (depth == 2)
                    {
                        section = null;
                    }

                    depth--;
                    break;
                case TomlParseEventKind.StartArray when name is not null:
                    bool ofTables = SkipArray(parser);
                    Report(nameLine, (section, ofTables) switch
                    {
                        (null, true) => $"[[{name}]] is an array of tables; a deployment has the tables {Tables}",
                        (null, false) => $"unknown key '{name}' outside a table; a deployment has the tables {Tables}",
                        _ => $"{Describe(section, name)} must be {Expected(section, name)}, but is an array",
                    });
                    name = null;
                    break;
                case TomlParseEventKind.String or TomlParseEventKind.Integer or TomlParseEventKind.Float
                    or TomlParseEventKind.Boolean or TomlParseEventKind.DateTime when name is not null:
                    object value = e.Kind switch
                    {
                        TomlParseEventKind.String => parser.GetString(),
                        TomlParseEventKind.Integer => e.GetInt64(),
                        TomlParseEventKind.Float => e.GetDouble(),
                        TomlParseEventKind.Boolean => e.GetBoolean(),
                        _ => "a date-time",
                    };
                    Add(section, name, e.Kind, value, nameLine);
                    name = null;
                    break;
            }
        }
    }

    private void Add(string? section, string key, TomlParseEventKind kind, object value, int line)
    {
        if (section is null)
        {
            Report(line, $"unknown key '{key}' outside a table; a deployment has the tables {Tables}");
            return;
        }

        if (_lines.TryGetValue(section + "." + key, out int first))
        {
            Report(line, $"{Describe(section, key)} is set twice (first on line {first})");
            return;
        }

        _lines[section + "." + key] = line;
        switch (section)
        {
            case "placement":
                ReadPlacement(key, kind, value, line);
                break;
            case "delivery":
                ReadDelivery(key, kind, value, line);
                break;
            case "scripts":
                ReadScript(key, kind, value, line);
                break;
            default:
                ReadEdges(key, kind, value, line);
                break;
        }
    }

    private void ReadPlacement(string key, TomlParseEventKind kind, object value, int line)
    {
        if (key.Length == 0)
        {
            Report(line, "[placement] has an empty key; a key is a graph node id or a glob with * (\"work*\")");
        }
        else if (kind != TomlParseEventKind.String || ((string)value).Length == 0)
        {
            Report(line, $"{Describe("placement", key)} must be {Expected("placement", key)}, but is {Show(kind, value)}");
        }
        else
        {
            _placement[key] = (string)value;
        }
    }

    private void ReadDelivery(string key, TomlParseEventKind kind, object value, int line)
    {
        DeliveryMode? mode = kind == TomlParseEventKind.String ? ParseMode((string)value) : null;
        if (mode is null)
        {
            Report(line, $"{Describe("delivery", key)} must be {Expected("delivery", key)}, but is {Show(kind, value)}");
        }

        if (key == "default")
        {
            _defaultDelivery = mode ?? _defaultDelivery;
        }
        else if (!EdgeEnds.TryParse(key, out _, out string? error))
        {
            Report(line, $"[delivery] key \"{key}\" is neither 'default' nor an edge: {error}");
        }
        else if (mode is DeliveryMode m)
        {
            _delivery[key] = m;
        }
    }

    private void ReadEdges(string key, TomlParseEventKind kind, object value, int line)
    {
        (int min, int max) = key switch
        {
            "max_batch" => (1, DeploymentFile.MaxBatchLimit),
            "compression_threshold" => (0, int.MaxValue),
            _ => (-1, -1),
        };
        if (min < 0)
        {
            Report(line, $"unknown key [edges] {key}; the keys are {EdgeKeys}");
        }
        else if (kind != TomlParseEventKind.Integer || (long)value < min || (long)value > max)
        {
            Report(line, $"[edges] {key} must be {Expected("edges", key)}, but is {Show(kind, value)}");
        }
        else if (key == "max_batch")
        {
            _maxBatch = (int)(long)value;
        }
        else
        {
            _compressionThreshold = (int)(long)value;
        }
    }

    private void ReadScript(string key, TomlParseEventKind kind, object value, int line)
    {
        if (!ShippedScriptPaths.IsSafeRelative(key, out string? problem))
        {
            Report(line, $"[scripts] \"{key}\": {problem}");
        }
        else if (kind != TomlParseEventKind.String || ShippedScriptPaths.ParseHash((string)value) is not { } hash)
        {
            Report(line, $"{Describe("scripts", key)} must be {Expected("scripts", key)}, but is {Show(kind, value)}");
        }
        else
        {
            _scripts[key] = hash;
        }
    }

    internal static DeliveryMode? ParseMode(string text) => text switch
    {
        "at-most-once" => DeliveryMode.AtMostOnce,
        "at-least-once" => DeliveryMode.AtLeastOnce,
        _ => null,
    };

    private static string Describe(string? section, string? key) =>
        section is null ? $"[{key}]" : section == "edges" ? $"[edges] {key}" : $"[{section}] \"{key}\"";

    private static string Expected(string? section, string? key) => (section, key) switch
    {
        ("placement", _) => "a string: the name of a cluster node (reflow node --name)",
        ("delivery", _) => "\"at-most-once\" or \"at-least-once\"",
        ("edges", "max_batch") => $"an integer from 1 to {DeploymentFile.MaxBatchLimit}",
        ("edges", "compression_threshold") => "an integer of bytes, 0 or more",
        ("scripts", _) => "\"sha256:\" and the file's SHA-256 in 64 hex digits (what sha256sum prints)",
        (null, _) => $"one of the tables {Tables}",
        _ => $"one of the keys {EdgeKeys}",
    };

    private static string Show(TomlParseEventKind kind, object value) => kind switch
    {
        TomlParseEventKind.String => $"\"{value}\"",
        TomlParseEventKind.Boolean => (bool)value ? "true" : "false",
        TomlParseEventKind.Float => ((double)value).ToString("R", CultureInfo.InvariantCulture),
        TomlParseEventKind.Integer => ((long)value).ToString(CultureInfo.InvariantCulture),
        _ => (string)value,
    };

    private void Report(int line, string message) => _problems.Add((line, $"{_fileName}:{line}: {message}"));

    /// <summary>
    /// TOML allows a table header once, but Tomlyn's pull parser merges a repeated one into the first without a word
    /// (the second table's keys simply join the first): find repeated headers in the text itself.
    /// </summary>
    private void CheckTablesWrittenOnce(string text)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        int line = 0;
        foreach (ReadOnlySpan<char> raw in text.AsSpan().EnumerateLines())
        {
            line++;
            ReadOnlySpan<char> header = raw.Trim();
            int close = header.IndexOf(']');
            if (header.Length < 3 || header[0] != '[' || header[1] == '[' || close < 0)
            {
                continue; // not a table header ([[x]] arrays of tables are reported by the parser's events)
            }

            string name = header[1..close].Trim().ToString();
            if (!first.TryAdd(name, line))
            {
                Report(line, $"[{name}] is written twice (first on line {first[name]}); TOML allows a table once");
            }
        }
    }

    private static void SkipTable(TomlParser parser) => Skip(parser, TomlParseEventKind.StartTable, TomlParseEventKind.EndTable);

    /// <summary>Skips the array just started; whether its first item is a table (<c>[[name]]</c>, or <c>[{…}]</c>).</summary>
    private static bool SkipArray(TomlParser parser)
    {
        if (!parser.MoveNext())
        {
            return false;
        }

        TomlParseEventKind first = parser.Current.Kind;
        if (first == TomlParseEventKind.EndArray)
        {
            return false;
        }

        if (first == TomlParseEventKind.StartTable)
        {
            SkipTable(parser);
        }
        else if (first == TomlParseEventKind.StartArray)
        {
            Skip(parser, TomlParseEventKind.StartArray, TomlParseEventKind.EndArray);
        }

        Skip(parser, TomlParseEventKind.StartArray, TomlParseEventKind.EndArray);
        return first == TomlParseEventKind.StartTable;
    }

    /// <summary>Skips to the end of the table or array just started (tables and arrays nest in each other).</summary>
    private static void Skip(TomlParser parser, TomlParseEventKind start, TomlParseEventKind end)
    {
        int depth = 1;
        while (depth > 0 && parser.MoveNext())
        {
            TomlParseEventKind kind = parser.Current.Kind;
            depth += kind == start ? 1 : kind == end ? -1 : 0;
        }
    }

    private static string SyntaxMessage(TomlException ex)
    {
        // "(2,5) : error : Unexpected token ..." — the place is said by the location already.
        string message = ex.Message;
        int marker = message.IndexOf(": error : ", StringComparison.Ordinal);
        return marker >= 0 ? message[(marker + ": error : ".Length)..] : message;
    }
}
