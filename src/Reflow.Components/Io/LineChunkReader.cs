using System.Text;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Components.Io;

/// <summary>
/// One open text file read a chunk of lines at a time, shared by io/ReadLines (a source) and io/ReadLinesFrom (paths
/// on an in-port). Memory is the reader's buffer and the chunk in flight, whatever the file's size.
/// </summary>
/// <remarks>
/// <see cref="StreamReader.ReadLine"/> was measured against splitting the UTF-8 bytes ourselves and decoding each line
/// with <see cref="Encoding.GetString(ReadOnlySpan{byte})"/>: on 2 M access-log lines (275 MiB) it read 10.9 M
/// lines/s against 8.3 M, both allocating only the line's string (313 B/line). So the reader stays.
/// </remarks>
internal sealed class LineChunkReader : IDisposable
{
    private readonly StreamReader _reader;
    private readonly string _path;
    private readonly bool _brackets;
    private bool _opened;
    private bool _closed;

    public LineChunkReader(Stream file, string path, Encoding encoding, bool brackets)
    {
        _reader = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        _path = path;
        _brackets = brackets;
    }

    /// <summary>The lines emitted so far.</summary>
    public long Lines { get; private set; }

    /// <summary>The file, as configured and made absolute.</summary>
    public string Path => _path;

    /// <summary>
    /// Emits up to <paramref name="count"/> lines on <paramref name="port"/> (the open bracket first, when brackets are
    /// on); at the end of the file emits the close bracket and returns false.
    /// </summary>
    public bool EmitChunk(ActorContext context, OutPort port, int count)
    {
        if (_brackets && !_opened)
        {
            _opened = true;
            context.Emit(port, Message.OpenBracket(Message.String(_path)));
        }

        for (int i = 0; i < count; i++)
        {
            string? line = _reader.ReadLine();
            if (line is null)
            {
                CloseBracket(context, port);
                return false;
            }

            Lines++;
            context.Emit(port, Message.String(line));
        }

        return true;
    }

    /// <summary>Emits the close bracket if the open one went out and the close did not (the end, or a read that failed).</summary>
    public void CloseBracket(ActorContext context, OutPort port)
    {
        if (_opened && !_closed)
        {
            _closed = true;
            context.Emit(port, Message.CloseBracket());
        }
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>The encoding named in configuration entry <c>encoding</c>.</summary>
    /// <exception cref="ActorConfigurationException">No such encoding.</exception>
    public static Encoding ConfiguredEncoding(ActorContext context)
    {
        try
        {
            return Encoding.GetEncoding(context.Configuration.GetString("encoding", "utf-8"));
        }
        catch (ArgumentException ex)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'encoding': {ex.Message}"]);
        }
    }
}
