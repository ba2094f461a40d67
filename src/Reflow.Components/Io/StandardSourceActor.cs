using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Permissions;

namespace Reflow.Components.Io;

/// <summary>
/// The base of the file sources: checks the configuration, opens the file at start and reads it a chunk per
/// <see cref="SourceActor.Produce"/>; an I/O failure goes to the <c>error</c> port with the file's name and ends the
/// source instead of failing the node over and over.
/// </summary>
/// <remarks>
/// The path resolves against the graph file's directory (<see cref="ActorContext.ResolvePath"/>) and must be granted
/// for reading (<see cref="ActorContext.Permissions"/>): a denied read fails the node at start with a
/// <see cref="PermissionDeniedException"/> naming the flag to grant (the runtime counts and reports it, whether or
/// not <c>error</c> is connected) and the source ends without reading anything.
/// </remarks>
internal abstract class StandardSourceActor : SourceActor
{
    private string _path = "";
    private string _granted = "";
    private string? _failure;
    private bool _denied;

    /// <summary>The configured path, made absolute.</summary>
    protected string FilePath => _path;

    public sealed override void OnStart(ActorContext context)
    {
        ConfigurationSchema.Validate(context);
        _path = context.ResolvePath(context.Configuration.GetString("path", ""));
        try
        {
            _granted = context.Permissions.CheckRead(_path); // what is opened is what was checked: links resolved
        }
        catch (PermissionDeniedException)
        {
            _denied = true;
            throw;
        }

        try
        {
            Open(context);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            _failure = $"{context.Component.Name} ({context.NodeId}): cannot open '{_path}': {ex.Message}";
        }
    }

    public sealed override SourceStatus Produce(ActorContext context)
    {
        if (_denied)
        {
            return SourceStatus.Done; // reported once, at start
        }

        if (_failure is not null)
        {
            context.Emit("error", Reflow.Messages.Message.Error(_failure));
            return SourceStatus.Done;
        }

        try
        {
            return ProduceChunk(context) ? SourceStatus.More : SourceStatus.Done;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            context.Emit("error", Reflow.Messages.Message.Error($"{context.Component.Name} ({context.NodeId}): reading '{_path}' failed: {ex.Message}"));
            return SourceStatus.Done;
        }
    }

    public sealed override void OnStop(ActorContext context) => Close();

    /// <summary>Opens the file, as granted (a stream for sequential reading).</summary>
    protected FileStream OpenFile() =>
        new(_granted, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.SequentialScan,
            BufferSize = 0, // the readers buffer themselves
        });

    /// <summary>Reads the configuration and opens the file.</summary>
    protected abstract void Open(ActorContext context);

    /// <summary>Emits the next chunk; false at the end (after emitting what ends the stream).</summary>
    protected abstract bool ProduceChunk(ActorContext context);

    /// <summary>Releases the file.</summary>
    protected abstract void Close();

    /// <summary>An Integer configuration entry that fits an int.</summary>
    protected static int GetInt32(ActorContext context, string key, int defaultValue) =>
        (int)Math.Clamp(context.Configuration.GetInteger(key, defaultValue), int.MinValue, int.MaxValue);
}
