namespace Reflow.Scripting;

/// <summary>
/// The script of one node, running: made by <see cref="ScriptRuntime.CreateEngine"/>, started once with the node's
/// context, called for each message, disposed when the node stops (or restarts). Used by one thread at a time, the
/// node's pool thread; it may block there (a worker process, a network call).
/// </summary>
/// <remarks>
/// Every method may throw <see cref="ScriptException"/> for a failure of the script (its stack trace and line in the
/// exception) or <see cref="ScriptLimitException"/> for a limit hit; the host turns either into a failure of the
/// actor, handled by the node's supervision policy. Anything else thrown is a bug of the runtime and fails the
/// actor the same way.
/// </remarks>
public abstract class ScriptEngine : IDisposable
{
    /// <summary>Runs the script's start (a module's top level, its <c>init</c>) with the node's context, before any message.</summary>
    public abstract void Start(ScriptContext context);

    /// <summary>Handles one message: the script's <c>process</c>, whose results are emitted through <paramref name="context"/>.</summary>
    public abstract void Process(ScriptContext context, in ScriptInput input);

    /// <summary>
    /// Handles a run of messages in one call (when the declaration says <see cref="ScriptDeclaration.Batch"/>): a
    /// script's <c>processBatch</c>. The default calls <see cref="Process"/> for each.
    /// </summary>
    public virtual void ProcessBatch(ScriptContext context, ReadOnlySpan<ScriptInput> batch)
    {
        foreach (ref readonly ScriptInput input in batch)
        {
            Process(context, input);
        }
    }

    /// <summary>A bracket arrived (<see cref="ScriptInput.Message"/> is it). The default forwards it on every out-port but <c>error</c>.</summary>
    public virtual void OnBracket(ScriptContext context, in ScriptInput bracket)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Actor.ForwardBracket();
    }

    /// <summary>Every in-port is closed: the end of the stream. May emit (an aggregate's result). The default does nothing.</summary>
    public virtual void OnInputsClosed(ScriptContext context)
    {
    }

    /// <summary>The node stops: the script's last call (its <c>stop</c>, if it has one). The default does nothing.</summary>
    public virtual void Stop(ScriptContext context)
    {
    }

    /// <summary>Releases the engine (cleanup).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the engine's resources.</summary>
    protected abstract void Dispose(bool disposing);
}
