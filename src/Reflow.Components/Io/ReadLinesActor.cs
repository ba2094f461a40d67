using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Io;

/// <summary>
/// io/ReadLines: streams a text file line by line. A source: the runtime asks for the next chunk of lines only when
/// the out-edges have room, so a file of any size goes through in bounded memory (one chunk and the edges' capacity).
/// The file is the node's <c>path</c> setting, so <c>reflow run g.fbp --set read.path=other.log</c> picks it at run
/// time; io/ReadLinesFrom takes the paths on an in-port instead.
/// </summary>
[Component("io/ReadLines", MayBlock = true,
    Description = "Streams the text file 'path' as one String per line (without the line break) on 'out', a chunk of lines at a time as the out-edges have room, so a file of any size is read in bounded memory; then its line count on 'done'. With 'brackets', the lines come between an open bracket carrying the path and a close bracket. The path is a setting, so `reflow run --set node.path=file` chooses it at run time (io/ReadLinesFrom takes paths as messages). A file that cannot be opened or read goes to 'error' and ends the source.")]
[OutPort("out", PortType.String, Description = "The lines, in order (between brackets when 'brackets' is on).")]
[OutPort("done", PortType.Integer, Description = "The number of lines, once the whole file is read.")]
[OutPort("error", PortType.Error, Description = "The file could not be opened or read (the Error names it and why).")]
[Config("path", ConfigType.String, Required = true, Description = "The file to read; a relative path is relative to the graph file's directory. Needs read permission (--allow-read).")]
[Config("encoding", ConfigType.String, DefaultJson = "\"utf-8\"", Description = "The text encoding (a byte order mark, if present, wins).")]
[Config("chunkLines", ConfigType.Integer, DefaultJson = "256", Minimum = 1, Description = "Lines emitted per turn.")]
[Config("brackets", ConfigType.Boolean, DefaultJson = "false", Description = "Put the lines between an open bracket carrying the path (a String) and a close bracket, so aggregates downstream work per file.")]
internal sealed class ReadLinesActor : StandardSourceActor
{
    private LineChunkReader? _reader;
    private int _chunk;
    private OutPort _out;

    protected override void Open(ActorContext context)
    {
        _chunk = GetInt32(context, "chunkLines", 256);
        _out = context.OutPort("out");
        var encoding = LineChunkReader.ConfiguredEncoding(context); // before the file is opened: a wrong name leaks nothing
        _reader = new LineChunkReader(OpenFile(), FilePath, encoding, context.Configuration.GetBoolean("brackets", false));
    }

    protected override bool ProduceChunk(ActorContext context)
    {
        try
        {
            if (_reader!.EmitChunk(context, _out, _chunk))
            {
                return true;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            _reader!.CloseBracket(context, _out); // the lines read so far stay a group; the base reports the failure
            throw;
        }

        context.Emit("done", Message.Integer(_reader.Lines));
        return false;
    }

    protected override void Close() => _reader?.Dispose();
}
