using System.Globalization;
using nietras.SeparatedValues;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Io;

/// <summary>
/// csv/Write: writes Object rows to a CSV file through Sep's buffered writer; the file is flushed and closed at the
/// end of the stream (or when the node stops, if the stream never ended).
/// </summary>
[Component("csv/Write", MayBlock = true,
    Description = "Writes each Object on 'in' as a row of the CSV file 'path' (the columns: 'columns', else the first row's keys; a header row first unless 'header' is false). Strings are written as they are, numbers and booleans as JSON writes them, null and a missing key as an empty field, arrays and objects as compact JSON; fields are quoted where needed. At the end of the stream the file is flushed and closed and the number of rows goes to 'done' (when the node stops before the end, the file is still flushed and closed). A row that is not an Object or has a key that is not a column goes to 'error' and is not written. Brackets are not written.")]
[InPort("in", PortType.Object, Description = "The rows.")]
[OutPort("done", PortType.Integer, Description = "At the end of the stream, once the file is complete: the number of rows written.")]
[OutPort("error", PortType.Error, Description = "A row that is not an Object or has a key that is not a column, or a write that failed.")]
[Config("path", ConfigType.String, Required = true, Description = "The file to write (its folder must exist; an existing file is replaced); a relative path is relative to the graph file's directory. Needs write permission (--allow-write).")]
[Config("separator", ConfigType.String, DefaultJson = "\",\"", Description = "The field separator: one character (\"\\t\" for TSV).")]
[Config("header", ConfigType.Boolean, DefaultJson = "true", Description = "Whether the first row of the file names the columns.")]
[Config("columns", ConfigType.Array, Description = "The columns (Strings), in order; without it, the first row's keys.")]
internal sealed class CsvWriteActor : StandardActor
{
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
    private SepWriter? _writer;
    private string[]? _columns;
    private string _path = "";
    private long _rows;
    private OutPort _done;

    protected override void Start(ActorContext context)
    {
        _path = context.ResolvePath(context.Configuration.GetString("path", ""));
        string granted = context.Permissions.CheckWrite(_path); // denied: the node fails at start, naming --allow-write
        char separator = CsvReadActor.Separator(context);
        bool header = context.Configuration.GetBoolean("header", true);
        if (context.Configuration.TryGetValue("columns", out Message columns))
        {
            SetColumns(CsvReadActor.ColumnNames(context, columns));
        }

        _done = context.OutPort("done");
        FileStream file;
        try
        {
            file = new FileStream(granted, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ActorConfigurationException(context.NodeId, [$"cannot open '{_path}' for writing: {ex.Message}"]);
        }

        _writer = Sep.Writer(o => o with
        {
            Sep = new Sep(separator),
            WriteHeader = header,
            Escape = true, // quote a field that holds the separator, a quote or a line break
            DisableColCountCheck = true, // needed for ColNotSetOption to apply
            ColNotSetOption = SepColNotSetOption.Empty, // a missing key is an empty field
            CultureInfo = CultureInfo.InvariantCulture,
        }).To(file);
        if (_columns is not null)
        {
            _writer.Header.Add(_columns);
        }
    }

    protected override void Handle(ActorContext context)
    {
        if (!context.Message.TryGetObject(out MessageObject? row))
        {
            FailType(context, "an Object (a row)", context.Message);
            return;
        }

        if (_writer is null)
        {
            Fail(context, $"'{_path}' is already closed: the row is not written");
            return;
        }

        if (_columns is null)
        {
            SetColumns([.. row.Keys]);
            _writer.Header.Add(_columns!);
        }

        foreach (string key in row.Keys)
        {
            if (!_columnIndex.ContainsKey(key))
            {
                Fail(context, $"the row has key '{key}', which is not a column ({string.Join(", ", _columns!)}); the row is not written: {context.Message}");
                return;
            }
        }

        try
        {
            using SepWriter.Row line = _writer.NewRow();
            string[] columns = _columns!;
            for (int c = 0; c < columns.Length; c++)
            {
                if (row.TryGetValue(columns[c], out Message value) && !value.IsNull)
                {
                    line[c].Set(Text(value));
                }
            }
        }
        catch (IOException ex)
        {
            Fail(context, $"writing '{_path}' failed: {ex.Message}");
            return;
        }

        _rows++;
    }

    /// <summary>Brackets mark groups of rows; a CSV file has no place for them.</summary>
    public override void OnBracket(ActorContext context)
    {
    }

    public override void OnInputsClosed(ActorContext context)
    {
        try
        {
            if (Complete())
            {
                context.Emit(_done, Message.Integer(_rows));
            }
        }
        catch (IOException ex)
        {
            Fail(context, $"completing '{_path}' failed: {ex.Message}");
        }
    }

    public override void OnStop(ActorContext context) => Complete(); // the stream never ended: still a complete file; a failure is the runtime's to report

    /// <summary>Flushes and closes the file, once; false when it was already closed (or never opened).</summary>
    private bool Complete()
    {
        SepWriter? writer = _writer;
        _writer = null;
        writer?.Dispose();
        return writer is not null;
    }

    private void SetColumns(string[] columns)
    {
        _columns = columns;
        for (int i = 0; i < columns.Length; i++)
        {
            _columnIndex[columns[i]] = i;
        }
    }

    /// <summary>A field's text: Strings as they are, scalars as JSON writes them, containers as compact JSON.</summary>
    private static string Text(in Message value)
    {
        if (value.TryGetString(out string? text))
        {
            return text;
        }

        if (value.TryGetInteger(out long integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetBoolean(out bool flag))
        {
            return flag ? "true" : "false";
        }

        return MessageJson.ToJson(value); // Float (shortest round-trip), Array, Object, …
    }
}
