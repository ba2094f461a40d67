using System.Text;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Io;

/// <summary>
/// io/ReadLines: streams a text file line by line. A source: the runtime asks for the next chunk of lines only when
/// the out-edges have room, so a file of any size goes through in bounded memory (one chunk and the edges' capacity).
/// </summary>
[Component("io/ReadLines", MayBlock = true,
    Description = "Streams the text file 'path' as one String per line (without the line break) on 'out', a chunk of lines at a time as the out-edges have room, so a file of any size is read in bounded memory; then its line count on 'done'. A file that cannot be opened or read goes to 'error' and ends the source.")]
[OutPort("out", PortType.String, Description = "The lines, in order.")]
[OutPort("done", PortType.Integer, Description = "The number of lines, once the whole file is read.")]
[OutPort("error", PortType.Error, Description = "The file could not be opened or read (the Error names it and why).")]
[Config("path", ConfigType.String, Required = true, Description = "The file to read; a relative path is relative to the graph file's directory. Needs read permission (--allow-read).")]
[Config("encoding", ConfigType.String, DefaultJson = "\"utf-8\"", Description = "The text encoding (a byte order mark, if present, wins).")]
[Config("chunkLines", ConfigType.Integer, DefaultJson = "256", Minimum = 1, Description = "Lines emitted per turn.")]
internal sealed class ReadLinesActor : StandardSourceActor
{
    private StreamReader? _reader;
    private int _chunk;
    private long _lines;
    private OutPort _out;

    protected override void Open(ActorContext context)
    {
        _chunk = GetInt32(context, "chunkLines", 256);
        _out = context.OutPort("out");
        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(context.Configuration.GetString("encoding", "utf-8"));
        }
        catch (ArgumentException ex)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'encoding': {ex.Message}"]);
        }

        _reader = new StreamReader(OpenFile(), encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
    }

    protected override bool ProduceChunk(ActorContext context)
    {
        for (int i = 0; i < _chunk; i++)
        {
            string? line = _reader!.ReadLine();
            if (line is null)
            {
                context.Emit("done", Message.Integer(_lines));
                return false;
            }

            _lines++;
            context.Emit(_out, Message.String(line));
        }

        return true;
    }

    protected override void Close() => _reader?.Dispose();
}
