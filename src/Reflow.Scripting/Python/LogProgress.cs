namespace Reflow.Scripting.Python;

/// <summary>
/// Progress lines (a venv being made, pip's output) into the node's log at once, on the thread that reports them:
/// <see cref="Progress{T}"/> would post them to the thread pool and lose their order. Publishing a log event is
/// safe from any thread (the run's event hub writes to channels).
/// </summary>
internal sealed class LogProgress(ScriptContext context) : IProgress<string>
{
    public void Report(string value) => context.Log(value, "info");
}
