using System.Text;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;
using Reflow.Permissions;

namespace Reflow.Components.Io;

/// <summary>
/// io/ReadLinesFrom: streams the lines of each file whose path arrives on <c>path</c> (or is configured), one file
/// after the other, a chunk at a time.
/// </summary>
/// <remarks>
/// A source cannot have in-ports, so this actor continues a file with a zero-delay timer after each chunk. The runtime
/// defers a timer while the actor's out-buffer waits for room (ActorCell.FireTimer), so the next chunk is read only
/// once the previous one has gone into the edges: memory stays at one chunk plus the edges' capacity, as for a
/// source. A pending timer also keeps the node from finishing, so the end of the stream comes after the last line.
/// </remarks>
[Component("io/ReadLinesFrom", MayBlock = true,
    Description = "Streams the lines of each file whose path (a String) arrives on 'path', one file after the other, as Strings on 'out', a chunk at a time as the out-edges have room (bounded memory for a file of any size); after each file its line count on 'done'. A configured 'path' is read first. With 'brackets', each file's lines come between an open bracket carrying its path and a close bracket. A path that is denied, missing or unreadable goes to 'error' and the next one is read.")]
[InPort("path", PortType.String, Description = "A file to read; a relative path is relative to the graph file's directory.")]
[OutPort("out", PortType.String, Description = "The lines, in order, file after file (each file between brackets when 'brackets' is on).")]
[OutPort("done", PortType.Integer, Description = "After each file: its number of lines.")]
[OutPort("error", PortType.Error, Description = "A path that is not a String, not granted (names the flag), or cannot be opened or read.")]
[Config("path", ConfigType.String, Description = "A file read at start, before the paths that arrive. Needs read permission (--allow-read), as every path does.")]
[Config("encoding", ConfigType.String, DefaultJson = "\"utf-8\"", Description = "The text encoding (a byte order mark, if present, wins).")]
[Config("chunkLines", ConfigType.Integer, DefaultJson = "256", Minimum = 1, Description = "Lines emitted per turn.")]
[Config("brackets", ConfigType.Boolean, DefaultJson = "false", Description = "Put each file's lines between an open bracket carrying its path (a String) and a close bracket.")]
internal sealed class ReadLinesFromActor : StandardActor
{
    private readonly Queue<string> _waiting = new(); // paths (small) that arrived while a file was being read
    private LineChunkReader? _reader;
    private Encoding _encoding = Encoding.UTF8;
    private int _chunk;
    private bool _brackets;
    private OutPort _out;
    private OutPort _done;

    protected override void Start(ActorContext context)
    {
        _encoding = LineChunkReader.ConfiguredEncoding(context);
        _chunk = GetInt32(context, "chunkLines", 256);
        _brackets = context.Configuration.GetBoolean("brackets", false);
        _out = context.OutPort("out");
        _done = context.OutPort("done");
        if (context.Configuration.GetString("path", "") is { Length: > 0 } configured)
        {
            _waiting.Enqueue(configured);
            ReadNext(context);
        }
    }

    protected override void Handle(ActorContext context)
    {
        if (!TryGetText(context, out string? path))
        {
            return;
        }

        _waiting.Enqueue(path);
        if (_reader is null)
        {
            ReadNext(context);
        }
    }

    public override void OnTimer(ActorContext context, object? state) => Continue(context);

    public override void OnStop(ActorContext context)
    {
        _reader?.Dispose();
        _reader = null;
    }

    /// <summary>Opens the next waiting path that can be opened (reporting those that cannot) and emits its first chunk.</summary>
    private void ReadNext(ActorContext context)
    {
        while (_reader is null && _waiting.TryDequeue(out string? path))
        {
            _reader = Open(context, path);
        }

        if (_reader is not null)
        {
            Continue(context);
        }
    }

    private LineChunkReader? Open(ActorContext context, string path)
    {
        string resolved = path;
        try
        {
            resolved = context.ResolvePath(path);
            string granted = context.Permissions.CheckRead(resolved); // what is opened is what was checked: links resolved
            var file = new FileStream(granted, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                Options = FileOptions.SequentialScan,
                BufferSize = 0, // the reader buffers
            });
            return new LineChunkReader(file, resolved, _encoding, _brackets);
        }
        catch (PermissionDeniedException ex)
        {
            Fail(context, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Fail(context, $"cannot open '{resolved}': {ex.Message}");
        }

        return null;
    }

    /// <summary>Emits the current file's next chunk, then asks for a turn after it drains, or ends the file.</summary>
    private void Continue(ActorContext context)
    {
        LineChunkReader reader = _reader!;
        try
        {
            if (reader.EmitChunk(context, _out, _chunk))
            {
                context.ScheduleTimer(TimeSpan.Zero); // fires once the chunk has left the out-buffer
                return;
            }

            context.Emit(_done, Message.Integer(reader.Lines));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            reader.CloseBracket(context, _out); // the lines read so far stay a group
            Fail(context, $"reading '{reader.Path}' failed after {reader.Lines} lines: {ex.Message}");
        }

        reader.Dispose();
        _reader = null;
        ReadNext(context);
    }
}
