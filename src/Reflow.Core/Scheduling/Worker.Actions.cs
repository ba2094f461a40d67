namespace Reflow.Scheduling;

// A live edit's actions (Network.UpdateAsync): changes to a cell and its edges, run on the cell's worker between
// envelopes, so the message path takes no lock.
internal sealed partial class Worker
{
    // The actions waiting for their Update envelopes. Each action is queued before its envelope is posted, and each
    // envelope runs the oldest action, so every action runs, on this thread, no earlier than it was queued (two threads
    // posting at once may see theirs run in either order: an edit orders its steps by awaiting them, not by the queue).
    // Made on the first edit. The field (_actions) is declared with the others in Worker.cs, where the layout is.

    /// <summary>
    /// Runs <paramref name="action"/> on this worker's thread, between envelopes (so the cells it touches are not in a
    /// call), after what was posted to the worker before it; the task completes when it has run, with its exception if
    /// it threw, or is cancelled if the run ended first. Any thread; a live edit's control path, never a message's.
    /// </summary>
    public Task PostAction(ActorCell cell, Action action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LazyInitializer.EnsureInitialized(ref _actions).Enqueue((action, done));
        PostControl(cell, EnvelopeKind.Update);
        return done.Task;
    }

    private void RunAction()
    {
        if (_actions!.TryDequeue(out var next))
        {
            try
            {
                next.Action();
                next.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                next.Done.TrySetException(ex); // the edit's failure, reported to its caller: the worker carries on
            }
        }
    }

    /// <summary>An Update envelope the run ended before handling: its action never runs.</summary>
    public void AbandonAction()
    {
        if (_actions is { } actions && actions.TryDequeue(out var next))
        {
            next.Done.TrySetCanceled();
        }
    }
}
