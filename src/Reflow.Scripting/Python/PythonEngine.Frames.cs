using System.Globalization;
using System.Text.RegularExpressions;
using Reflow.Messages;
using Reflow.Permissions;

namespace Reflow.Scripting.Python;

/// <summary>The frames of <see cref="PythonEngine"/>: what it writes (init, batch items) and how it reads replies.</summary>
internal sealed partial class PythonEngine
{
    private const int FlowKind = 0;
    private const int ErrorKind = 9;

    private readonly PythonMarshalReader _reader = new();

    /// <summary>A top-level item: <c>(port, value)</c>, or <c>(port, value, kind)</c> for a Flow (None) or an Error (its text).</summary>
    private static void WriteItem(PythonMarshalWriter writer, int port, in Message message)
    {
        MessageKind kind = message.Kind;
        bool tagged = kind is MessageKind.Flow or MessageKind.Error;
        writer.WriteSequenceHeader(PythonMarshal.Tuple, tagged ? 3 : 2);
        writer.WriteInt(port);
        writer.WriteMessage(message);
        if (tagged)
        {
            writer.WriteInt(kind == MessageKind.Flow ? FlowKind : ErrorKind);
        }
    }

    private void WriteInit(PythonMarshalWriter writer, ScriptContext context)
    {
        writer.WriteDictStart();
        Entry(writer, "source").WriteString(source.Text);
        Entry(writer, "filename").WriteString(FileName);
        Entry(writer, "node_id").WriteString(context.NodeId);
        Entry(writer, "config").WriteMessage(Message.Object(context.Configuration));
        Entry(writer, "state").WriteMessage(Message.Object(_state));
        Entry(writer, "inports");
        Names(writer, declaration.InPorts);
        Entry(writer, "outports");
        Names(writer, declaration.OutPorts);
        if (context.Limits.MemoryBytes is { } memory)
        {
            Entry(writer, "memory_limit").WriteInt(memory);
        }
        else
        {
            Entry(writer, "memory_limit").WriteNone();
        }

        Entry(writer, "permissions").WriteMessage(Message.Object(PythonPermissions.ToMessage(context.Permissions)));
        Entry(writer, "scratch").WriteSequenceHeader(PythonMarshal.List, _command!.PrivateDirectories.Count);
        foreach (string directory in _command.PrivateDirectories)
        {
            writer.WriteString(directory);
        }

        Entry(writer, "cwd").WriteString(_command.WorkingDirectory);
        writer.WriteDictEnd();

        static PythonMarshalWriter Entry(PythonMarshalWriter writer, string key)
        {
            writer.WriteString(key);
            return writer;
        }

        static void Names(PythonMarshalWriter writer, IReadOnlyList<Actors.PortDefinition> ports)
        {
            writer.WriteSequenceHeader(PythonMarshal.List, ports.Count);
            foreach (Actors.PortDefinition port in ports)
            {
                writer.WriteString(port.Name);
            }
        }
    }

    /// <summary>The name tracebacks give the script: its path, or its display name for an inline source.</summary>
    private string FileName => source.Path ?? source.DisplayName;

    /// <summary>An <c>L</c> frame: <c>(level, text)</c> to the node's log.</summary>
    private void ReadLog(ScriptContext context, PythonWorker worker)
    {
        PythonMarshalReader reader = Start(worker, "log");
        try
        {
            _ = reader.ReadSequenceHeader();
            string level = reader.ReadString();
            context.Log(reader.ReadString(), level);
        }
        catch (InvalidDataException ex)
        {
            throw Malformed(ex);
        }
    }

    /// <summary>An <c>R</c> frame: <c>{"shape": ...}</c>.</summary>
    private string? ReadShape(PythonWorker worker)
    {
        try
        {
            Message ready = Start(worker, "ready").ReadMessage();
            return ready.TryGetObject(out MessageObject? values) ? Text(values, "shape", "") : null;
        }
        catch (InvalidDataException ex)
        {
            LoseWorker();
            throw Malformed(ex);
        }
    }

    /// <summary>An <c>F</c> frame: the script could not start (a SyntaxError, an exception at its top level, a bad shape).</summary>
    private ScriptException ReadFatal(PythonWorker worker)
    {
        Message fatal;
        try
        {
            fatal = Start(worker, "fatal").ReadMessage();
        }
        catch (InvalidDataException ex)
        {
            return Malformed(ex);
        }

        MessageObject values = fatal.TryGetObject(out MessageObject? o) ? o : MessageObject.Empty;
        string type = Text(values, "type", "Exception");
        string message = Text(values, "message", "");
        string? traceback = values.TryGetValue("traceback", out Message t) && t.TryGetString(out string? text) && text.Length > 0 ? text.TrimEnd() : null;
        int? line = values.TryGetValue("line", out Message l) && l.TryGetInteger(out long n) ? (int)n : LineOf(traceback);
        return new ScriptException($"{Name}{(line is { } at ? ":" + at.ToString(CultureInfo.InvariantCulture) : "")}: the script failed to start: {type}: {message}",
            traceback, Name, line);
    }

    /// <summary>An <c>O</c> frame: its outputs into <see cref="_outputs"/>, its state kept, its failures counted (the first kept).</summary>
    private int ReadOutput(PythonWorker worker, ref Failure first)
    {
        PythonMarshalReader reader = Start(worker, "output");
        int failures = 0;
        try
        {
            reader.ReadDictStart();
            while (reader.ReadKeyOrEnd() is { } key)
            {
                reader.PushKey(key);
                switch (key)
                {
                    case "out":
                        ReadItems(reader);
                        break;
                    case "failures":
                        failures += ReadFailures(reader, ref first);
                        break;
                    case "state":
                        Message state = reader.ReadMessage();
                        _state = state.TryGetObject(out MessageObject? values) ? values
                            : state.IsNull ? MessageObject.Empty
                            : throw new InvalidDataException($"the state is {state.Kind}, not a dict");
                        break;
                    default:
                        _ = reader.ReadMessage();
                        break;
                }

                reader.Pop();
            }
        }
        catch (InvalidDataException ex)
        {
            _outputs.Clear();
            LoseWorker();
            throw Malformed(ex);
        }

        return failures;
    }

    private void ReadItems(PythonMarshalReader reader)
    {
        int count = reader.ReadSequenceHeader();
        reader.PushIndex(0);
        for (int i = 0; i < count; i++)
        {
            reader.SetIndex(i);
            int length = reader.ReadSequenceHeader();
            if (length is not (2 or 3))
            {
                throw new InvalidDataException($"output item {i} is a tuple of {length}, not (port, value) or (port, value, kind)");
            }

            long port = reader.ReadInteger();
            Message value = reader.ReadMessage();
            if (length == 3)
            {
                long kind = reader.ReadInteger();
                value = kind switch
                {
                    FlowKind => Message.Flow,
                    ErrorKind => Message.Error(value.TryGetString(out string? text) ? text : value.ToString()),
                    _ => value,
                };
            }

            _outputs.Add(((int)Math.Clamp(port, -1, int.MaxValue), value));
        }

        reader.Pop();
    }

    private static int ReadFailures(PythonMarshalReader reader, ref Failure first)
    {
        int count = reader.ReadSequenceHeader();
        for (int i = 0; i < count; i++)
        {
            Message item = reader.ReadMessage();
            if (i > 0 || first.Type is not null)
            {
                continue;
            }

            System.Collections.Immutable.ImmutableArray<Message> fields = item.TryGetArray(out var array) ? array : [];
            first = new Failure(
                fields.Length > 0 && fields[0].TryGetInteger(out long index) ? (int)index : -1,
                fields.Length > 2 && fields[2].TryGetString(out string? type) ? type : "Exception",
                fields.Length > 3 && fields[3].TryGetString(out string? message) ? message : "",
                fields.Length > 4 && fields[4].TryGetString(out string? traceback) && traceback.Length > 0 ? traceback.TrimEnd() : null);
        }

        return count;
    }

    private ScriptException Failed(in Failure first, int failures, int messages, string? what)
    {
        string count = messages > 0 ? $" ({failures} of {Plural(messages)} failed; the others ran and their output was sent)" : "";
        string where = messages > 0 && first.Index >= 0 ? $" in message {first.Index + 1} of the batch" : what == "on_end" ? " in on_end" : what == "stop" ? " in stop" : "";
        if (first.Type == "MemoryError")
        {
            return new ScriptLimitException("memory_limit",
                $"{Name}: the script ran out of memory{where} (the setting 'memory_limit' bounds a worker's memory){count}", first.Traceback);
        }

        int? line = LineOf(first.Traceback);
        return new ScriptException($"{Name}{(line is { } at ? ":" + at.ToString(CultureInfo.InvariantCulture) : "")}: {first.Type}: {first.Message}{where}{count}",
            first.Traceback, Name, line);
    }

    /// <summary>The line of the innermost traceback entry in the script's own file.</summary>
    private int? LineOf(string? traceback)
    {
        if (traceback is null)
        {
            return null;
        }

        int? line = null;
        foreach (Match match in TracebackLine().Matches(traceback))
        {
            if (match.Groups[1].Value == FileName && int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out int n))
            {
                line = n;
            }
        }

        return line;
    }

    private PythonMarshalReader Start(PythonWorker worker, string frame)
    {
        _reader.Start(worker.Channel.Payload, 0, worker.Channel.PayloadLength, frame);
        return _reader;
    }

    private ScriptException Malformed(InvalidDataException ex) =>
        new($"{Name}: the Python worker sent a frame the host cannot read: {ex.Message}", file: Name, innerException: ex);

    private static string Text(MessageObject values, string key, string fallback) =>
        values.TryGetValue(key, out Message value) && value.TryGetString(out string? text) ? text : fallback;

    [GeneratedRegex("File \"(.*?)\", line (\\d+)")]
    private static partial Regex TracebackLine();

    /// <summary>The first failure of a batch.</summary>
    private readonly record struct Failure(int Index, string? Type, string Message, string? Traceback);
}
