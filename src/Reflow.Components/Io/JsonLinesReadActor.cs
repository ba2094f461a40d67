using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Io;

/// <summary>
/// jsonl/Read: streams a JSON Lines file as one message per line, a chunk per turn as the out-edges have room. Lines
/// are split and parsed as UTF-8 bytes (no string per line); a malformed line is reported with its number and the rest
/// is read.
/// </summary>
[Component("jsonl/Read", MayBlock = true,
    Description = "Streams the JSON Lines file 'path' as one message per line on 'out' (each line's JSON value: an object becomes an Object, a number an Integer or Float, …; blank lines are skipped), a chunk of lines at a time as the out-edges have room, so a file of any size is read in bounded memory; then the number of values on 'done'. A malformed line, or one longer than 'maxLineBytes', goes to 'error' with its line number and the rest is read; a file that cannot be opened or read goes to 'error' and ends the source.")]
[OutPort("out", PortType.Any, Description = "One message per non-blank line, in order.")]
[OutPort("done", PortType.Integer, Description = "The number of values emitted, once the whole file is read.")]
[OutPort("error", PortType.Error, Description = "A malformed or too long line (its number and what is wrong), or a file that could not be opened or read.")]
[Config("path", ConfigType.String, Required = true, Description = "The file to read (UTF-8); a relative path is relative to the graph file's directory. Needs read permission (--allow-read).")]
[Config("chunkLines", ConfigType.Integer, DefaultJson = "256", Minimum = 1, Description = "Lines read per turn.")]
[Config("maxLineBytes", ConfigType.Integer, DefaultJson = "16777216", Minimum = 1, Description = "The longest line accepted, in bytes; a longer one is reported and skipped (the buffer never grows past it).")]
internal sealed class JsonLinesReadActor : StandardSourceActor
{
    private FileStream? _file;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _skipping; // inside a line longer than the limit: drop bytes up to its end
    private long _line;
    private long _values;
    private int _chunk;
    private int _maxLine;
    private OutPort _out;
    private OutPort _error;

    protected override void Open(ActorContext context)
    {
        _chunk = GetInt32(context, "chunkLines", 256);
        _maxLine = GetInt32(context, "maxLineBytes", 16 * 1024 * 1024);
        _out = context.OutPort("out");
        _error = context.OutPort("error");
        _file = OpenFile();
    }

    protected override bool ProduceChunk(ActorContext context)
    {
        if (_file is null)
        {
            return false; // the node failed at start (its configuration), which the runtime has reported
        }

        for (int i = 0; i < _chunk; i++)
        {
            if (!TryTakeLine(context, out ReadOnlySpan<byte> line))
            {
                context.Emit("done", Message.Integer(_values));
                return false;
            }

            Parse(context, line);
        }

        return true;
    }

    /// <summary>The next line (without its line break), reading more of the file as needed; false at the end.</summary>
    private bool TryTakeLine(ActorContext context, out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                _line++;
                if (_skipping)
                {
                    _skipping = false; // the end of the long line: it was reported
                    continue;
                }

                return true;
            }

            if (_eof)
            {
                line = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                if (line.IsEmpty || _skipping)
                {
                    return false;
                }

                _line++; // the last line, without a line break
                return true;
            }

            Fill(context);
        }
    }

    private void Fill(ActorContext context)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer); // keep the partial line, make room after it
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxLine || _skipping)
            {
                if (!_skipping)
                {
                    context.Emit(_error, Message.Error($"{context.Component.Name} ({context.NodeId}): '{FilePath}' line {_line + 1}: longer than maxLineBytes ({_maxLine}); the line is skipped"));
                    _skipping = true;
                }

                _end = 0; // drop what is buffered of the long line
            }
            else
            {
                Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, _maxLine));
            }
        }

        int read = _file!.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _eof = read == 0;
    }

    private void Parse(ActorContext context, ReadOnlySpan<byte> line)
    {
        if (_line == 1 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..]; // a UTF-8 byte order mark
        }

        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }

        if (line.Trim(" \t"u8).IsEmpty)
        {
            return;
        }

        try
        {
            context.Emit(_out, MessageJson.Parse(line));
            _values++;
        }
        catch (MessageFormatException ex)
        {
            context.Emit(_error, Message.Error($"{context.Component.Name} ({context.NodeId}): '{FilePath}' line {_line}: {ex.Message}; the line is skipped"));
        }
    }

    protected override void Close() => _file?.Dispose();
}
