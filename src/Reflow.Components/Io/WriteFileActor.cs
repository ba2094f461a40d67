using System.Text;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Io;

/// <summary>
/// io/WriteFile: streams messages into a file through a buffer (Strings as lines, Bytes as they are, anything else
/// as a line of JSON); flushed on <c>flush</c> and when the node stops, so a file of any size is written in bounded
/// memory.
/// </summary>
[Component("io/WriteFile", MayBlock = true,
    Description = "Writes each message to the file 'path' through a buffer: a String as a line (with 'newline'), Bytes as they are, anything else as a line of plain JSON. 'flush' writes the buffer out and emits the total bytes written on 'written'; the file is flushed and closed when the node stops. A file that cannot be opened or written goes to 'error'.")]
[InPort("in", Description = "What to write.")]
[InPort("flush", Description = "Flushes the buffer to the file (the message itself is ignored).")]
[OutPort("written", PortType.Integer, Description = "After each flush: the bytes written so far.")]
[OutPort("error", PortType.Error, Description = "The file could not be opened or written (the message is not written).")]
[Config("path", ConfigType.String, Required = true, Description = "The file to write (its folder must exist); a relative path is relative to the graph file's directory. Needs write permission (--allow-write).")]
[Config("append", ConfigType.Boolean, DefaultJson = "false", Description = "Append to an existing file instead of replacing it.")]
[Config("newline", ConfigType.String, DefaultJson = "\"\\n\"", Description = "What ends a String or JSON line.")]
internal sealed class WriteFileActor : StandardActor
{
    private const int Flush = 1;

    private FileStream? _file;
    private string _path = "";
    private byte[] _newline = [];
    private long _written;
    private OutPort _writtenPort;

    protected override void Start(ActorContext context)
    {
        _path = context.ResolvePath(context.Configuration.GetString("path", ""));
        string granted = context.Permissions.CheckWrite(_path); // denied: the node fails at start, naming --allow-write
        _newline = Encoding.UTF8.GetBytes(context.Configuration.GetString("newline", "\n"));
        _writtenPort = context.OutPort("written");
        try
        {
            _file = new FileStream(granted, context.Configuration.GetBoolean("append", false) ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ActorConfigurationException(context.NodeId, [$"cannot open '{_path}' for writing: {ex.Message}"]);
        }
    }

    protected override void Handle(ActorContext context)
    {
        try
        {
            if (context.InPortIndex == Flush)
            {
                _file!.Flush();
                context.Emit(_writtenPort, Message.Integer(_written));
                return;
            }

            Write(context.Message);
        }
        catch (IOException ex)
        {
            Fail(context, $"writing '{_path}' failed: {ex.Message}");
        }
    }

    private void Write(in Message message)
    {
        if (message.TryGetBytes(out ReadOnlyMemory<byte> bytes))
        {
            _file!.Write(bytes.Span);
            _written += bytes.Length;
            return;
        }

        byte[] text = message.TryGetString(out string? line) ? Encoding.UTF8.GetBytes(line) : MessageJson.ToUtf8Json(message);
        _file!.Write(text);
        _file.Write(_newline);
        _written += text.Length + _newline.Length;
    }

    public override void OnStop(ActorContext context) => _file?.Dispose(); // flushes; a failure here is reported by the runtime
}
