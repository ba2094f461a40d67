using System.Globalization;
using nietras.SeparatedValues;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Io;

/// <summary>
/// csv/Read: streams a CSV file as one Object per row, a chunk of rows per turn as the out-edges have room. Parsed
/// with Sep (nietras.SeparatedValues); why Sep and not Sylvan.Data.Csv: docs/csv-library.md.
/// </summary>
[Component("csv/Read", MayBlock = true,
    Description = "Streams the CSV file 'path' as one Object per row on 'out' (keys: the header's column names, or 'columns', or c1, c2, … without a header; values: Strings, or numbers where they parse with types 'infer'), a chunk of rows at a time as the out-edges have room, so a file of any size is read in bounded memory; then the number of rows on 'done'. Quoted fields are unquoted. A row with another number of fields than the header goes to 'error' with its line number and the rest is read; a file that cannot be opened or read goes to 'error' and ends the source.")]
[OutPort("out", PortType.Object, Description = "One Object per row, in order, its keys in column order.")]
[OutPort("done", PortType.Integer, Description = "The number of rows emitted, once the whole file is read.")]
[OutPort("error", PortType.Error, Description = "A row with the wrong number of fields (its line number, what was expected), or a file that could not be opened or read.")]
[Config("path", ConfigType.String, Required = true, Description = "The file to read; a relative path is relative to the graph file's directory. Needs read permission (--allow-read).")]
[Config("separator", ConfigType.String, DefaultJson = "\",\"", Description = "The field separator: one character (\"\\t\" for TSV).")]
[Config("header", ConfigType.Boolean, DefaultJson = "true", Description = "Whether the first row names the columns.")]
[Config("columns", ConfigType.Array, Description = "The keys (Strings) when there is no header; without it they are c1, c2, ….")]
[Config("types", ConfigType.String, DefaultJson = "\"strings\"", OneOf = "strings|infer", Description = "'strings': every value is a String; 'infer': a field that is an integer becomes an Integer, a decimal number a Float, anything else stays a String.")]
[Config("chunkRows", ConfigType.Integer, DefaultJson = "256", Minimum = 1, Description = "Rows emitted per turn.")]
internal sealed class CsvReadActor : StandardSourceActor
{
    private SepReader? _reader;
    private string[] _keys = [];
    private KeyValuePair<string, Message>[] _row = [];
    private int _expected = -1;
    private bool _infer;
    private int _chunk;
    private long _rows;
    private string? _badHeader;
    private OutPort _out;
    private OutPort _error;

    protected override void Open(ActorContext context)
    {
        _chunk = GetInt32(context, "chunkRows", 256);
        _infer = context.Configuration.GetString("types", "strings") == "infer";
        _out = context.OutPort("out");
        _error = context.OutPort("error");
        char separator = Separator(context);
        bool header = context.Configuration.GetBoolean("header", true);
        if (!header && context.Configuration.TryGetValue("columns", out Message columns))
        {
            _keys = ColumnNames(context, columns);
            _expected = _keys.Length;
        }

        FileStream file = OpenFile();
        try
        {
            _reader = Sep.Reader(o => o with { Sep = new Sep(separator), HasHeader = header, Unescape = true, DisableColCountCheck = true })
                .From(file); // reads the header
        }
        catch (ArgumentException ex) // a column named twice
        {
            file.Dispose();
            _badHeader = $"'{FilePath}' line 1 (the header): {ex.Message}";
            return;
        }

        if (header)
        {
            _keys = [.. _reader.Header.ColNames];
            _expected = _keys.Length;
        }
    }

    protected override bool ProduceChunk(ActorContext context)
    {
        if (_badHeader is not null)
        {
            context.Emit(_error, Message.Error($"{context.Component.Name} ({context.NodeId}): {_badHeader}"));
            return false;
        }

        if (_reader is not { } reader)
        {
            return false; // the node failed at start (its configuration), which the runtime has reported
        }

        for (int i = 0; i < _chunk; i++)
        {
            if (!reader.MoveNext())
            {
                context.Emit("done", Message.Integer(_rows));
                return false;
            }

            EmitRow(context, reader.Current);
        }

        return true;
    }

    private void EmitRow(ActorContext context, SepReader.Row row)
    {
        int count = row.ColCount;
        if (_expected < 0)
        {
            _expected = count; // no header, no columns: the first row sets the width
            _keys = [.. Enumerable.Range(1, count).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture))];
        }

        if (count != _expected)
        {
            context.Emit(_error, Message.Error(
                $"{context.Component.Name} ({context.NodeId}): '{FilePath}' line {row.LineNumberFrom}: {count} field(s), expected {_expected} ({string.Join(", ", _keys)}); the row is skipped"));
            return;
        }

        if (_row.Length != count)
        {
            _row = new KeyValuePair<string, Message>[count];
        }

        for (int c = 0; c < count; c++)
        {
            SepReader.Col col = row[c];
            _row[c] = new KeyValuePair<string, Message>(_keys[c], _infer ? Infer(col.Span) : Message.String(col.ToString()));
        }

        _rows++;
        context.Emit(_out, Message.Object(MessageObject.Create(_row)));
    }

    /// <summary>An integer, else a decimal number (invariant culture), else the text: only what looks like a number is parsed.</summary>
    private static Message Infer(ReadOnlySpan<char> field)
    {
        if (field.IsEmpty || !(char.IsAsciiDigit(field[0]) || field[0] is '-' or '+' or '.'))
        {
            return Message.String(field.ToString()); // "NaN", "Infinity" and words stay text
        }

        if (long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return Message.Integer(integer);
        }

        return double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            ? Message.Float(number)
            : Message.String(field.ToString());
    }

    protected override void Close() => _reader?.Dispose();

    /// <summary>The one-character separator of configuration entry <c>separator</c>.</summary>
    /// <exception cref="ActorConfigurationException">Not exactly one character, or a quote or line break.</exception>
    internal static char Separator(ActorContext context)
    {
        string text = context.Configuration.GetString("separator", ",");
        if (text.Length != 1 || text[0] is '"' or '\r' or '\n')
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'separator': expected one character other than a quote or a line break, got \"{text}\""]);
        }

        return text[0];
    }

    /// <summary>The Strings of configuration entry <c>columns</c>, unique and not empty.</summary>
    /// <exception cref="ActorConfigurationException">Not an array of distinct, non-empty Strings.</exception>
    internal static string[] ColumnNames(ActorContext context, in Message columns)
    {
        var names = new List<string>();
        if (columns.TryGetArray(out var items))
        {
            foreach (Message item in items)
            {
                if (!item.TryGetString(out string? name) || name.Length == 0)
                {
                    throw new ActorConfigurationException(context.NodeId, [$"configuration 'columns': expected non-empty Strings, got {item}"]);
                }

                names.Add(name);
            }
        }

        if (names.Count == 0)
        {
            throw new ActorConfigurationException(context.NodeId, ["configuration 'columns': expected at least one column name"]);
        }

        if (DuplicateOf(names) is { } duplicate)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'columns': '{duplicate}' is named twice"]);
        }

        return [.. names];
    }

    private static string? DuplicateOf(IReadOnlyList<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!seen.Add(name))
            {
                return name;
            }
        }

        return null;
    }
}
