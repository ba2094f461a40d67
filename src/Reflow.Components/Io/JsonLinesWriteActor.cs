using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Io;

/// <summary>
/// jsonl/Write: writes each message as one line of compact JSON, through a buffer that goes to the file when it fills
/// and at the end of the stream (or when the node stops, if the stream never ended).
/// </summary>
[Component("jsonl/Write", MayBlock = true,
    Description = "Writes each message on 'in' to the file 'path' as one line of compact plain JSON (a String as a JSON string; non-ASCII characters as they are), through a buffer. At the end of the stream the file is flushed and closed and the number of lines goes to 'done' (when the node stops before the end, the file is still flushed and closed). Brackets are not written. A write that fails goes to 'error'.")]
[InPort("in", Description = "The values to write.")]
[OutPort("done", PortType.Integer, Description = "At the end of the stream, once the file is complete: the number of lines written.")]
[OutPort("error", PortType.Error, Description = "A message that could not be written (nested too deeply) or a write that failed.")]
[Config("path", ConfigType.String, Required = true, Description = "The file to write (its folder must exist); a relative path is relative to the graph file's directory. Needs write permission (--allow-write).")]
[Config("append", ConfigType.Boolean, DefaultJson = "false", Description = "Append to an existing file instead of replacing it.")]
internal sealed class JsonLinesWriteActor : StandardActor
{
    private const int FlushAt = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // as MessageJson.ToJson: non-ASCII stays as it is
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt + 4096);
    private Utf8JsonWriter? _json;
    private FileStream? _file;
    private string _path = "";
    private long _lines;
    private OutPort _done;

    protected override void Start(ActorContext context)
    {
        _path = context.ResolvePath(context.Configuration.GetString("path", ""));
        string granted = context.Permissions.CheckWrite(_path); // denied: the node fails at start, naming --allow-write
        _done = context.OutPort("done");
        try
        {
            _file = new FileStream(granted, context.Configuration.GetBoolean("append", false) ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ActorConfigurationException(context.NodeId, [$"cannot open '{_path}' for writing: {ex.Message}"]);
        }

        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    protected override void Handle(ActorContext context)
    {
        if (_file is null)
        {
            Fail(context, $"'{_path}' is already closed: the message is not written");
            return;
        }

        int before = _buffer.WrittenCount;
        try
        {
            _json!.Reset(_buffer);
            MessageJson.Write(_json, context.Message);
            _json.Flush();
        }
        catch (MessageFormatException ex)
        {
            Fail(context, $"{ex.Message}; the message is not written");
            Truncate(before);
            return;
        }

        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _lines++;
        if (_buffer.WrittenCount >= FlushAt)
        {
            TryWriteOut(context);
        }
    }

    /// <summary>Brackets mark groups of values; a JSON Lines file has no place for them.</summary>
    public override void OnBracket(ActorContext context)
    {
    }

    public override void OnInputsClosed(ActorContext context)
    {
        if (_file is null || !TryWriteOut(context))
        {
            return;
        }

        try
        {
            Complete();
            context.Emit(_done, Message.Integer(_lines));
        }
        catch (IOException ex)
        {
            Fail(context, $"completing '{_path}' failed: {ex.Message}");
        }
    }

    public override void OnStop(ActorContext context) // the stream never ended: still a complete file; a failure is the runtime's to report
    {
        if (_file is not null)
        {
            _file.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
            Complete();
        }
    }

    private bool TryWriteOut(ActorContext context)
    {
        try
        {
            _file!.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
            return true;
        }
        catch (IOException ex)
        {
            Fail(context, $"writing '{_path}' failed: {ex.Message}");
            _buffer.ResetWrittenCount(); // those lines are reported lost; the buffer must not grow without bound
            return false;
        }
    }

    /// <summary>Closes the file, once (its data has been written out).</summary>
    private void Complete()
    {
        FileStream? file = _file;
        _file = null;
        _json?.Dispose();
        file?.Dispose();
    }

    /// <summary>Drops what a failed message wrote into the buffer after <paramref name="length"/> bytes.</summary>
    private void Truncate(int length)
    {
        byte[] kept = _buffer.WrittenSpan[..length].ToArray();
        _buffer.ResetWrittenCount();
        _buffer.Write(kept);
    }
}
