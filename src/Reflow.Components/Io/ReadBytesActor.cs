using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Io;

/// <summary>io/ReadBytes: streams a file in Bytes chunks, one chunk per turn as the out-edges have room.</summary>
[Component("io/ReadBytes", MayBlock = true,
    Description = "Streams the file 'path' as Bytes chunks of up to 'chunkSize' bytes on 'out' (one chunk per turn, as the out-edges have room, so a file of any size is read in bounded memory); then its length on 'done'. A file that cannot be opened or read goes to 'error'.")]
[OutPort("out", PortType.Bytes, Description = "The chunks, in order.")]
[OutPort("done", PortType.Integer, Description = "The number of bytes, once the whole file is read.")]
[OutPort("error", PortType.Error, Description = "The file could not be opened or read.")]
[Config("path", ConfigType.String, Required = true, Description = "The file to read; a relative path is relative to the graph file's directory. Needs read permission (--allow-read).")]
[Config("chunkSize", ConfigType.Integer, DefaultJson = "65536", Minimum = 1, Description = "The largest chunk, in bytes.")]
internal sealed class ReadBytesActor : StandardSourceActor
{
    private FileStream? _file;
    private int _chunkSize;
    private long _total;
    private OutPort _out;

    protected override void Open(ActorContext context)
    {
        _chunkSize = GetInt32(context, "chunkSize", 65536);
        _out = context.OutPort("out");
        _file = OpenFile();
    }

    protected override bool ProduceChunk(ActorContext context)
    {
        byte[] chunk = new byte[_chunkSize];
        int filled = _file!.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
        if (filled > 0)
        {
            _total += filled;
            context.Emit(_out, Message.FromOwnedBytes(filled == chunk.Length ? chunk : chunk[..filled])); // each message owns its array
        }

        if (filled < chunk.Length)
        {
            context.Emit("done", Message.Integer(_total));
            return false;
        }

        return true;
    }

    protected override void Close() => _file?.Dispose();
}
