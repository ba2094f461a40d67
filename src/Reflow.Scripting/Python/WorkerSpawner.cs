using System.Collections.Concurrent;
using System.Diagnostics;

namespace Reflow.Scripting.Python;

/// <summary>
/// Starts worker processes from one thread that lives as long as the host. bubblewrap's <c>--die-with-parent</c> (Linux
/// <c>PR_SET_PDEATHSIG</c>) fires when the <i>thread</i> that forked it exits, not the process: started from a node's
/// pool thread, a worker was killed (SIGKILL) as soon as the pool let that thread go, in the middle of a run. From this
/// thread, it dies only with the host, which is what the option is for.
/// </summary>
internal static class WorkerSpawner
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = [];

    private static readonly Thread Spawner = StartThread();

    /// <summary>Starts <paramref name="start"/> on the spawner thread and returns the process (or rethrows its failure here).</summary>
    public static Process Start(ProcessStartInfo start)
    {
        _ = Spawner; // the static thread exists before the first request
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static Thread StartThread()
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "python worker spawner" };
        thread.Start();
        return thread;
    }

    private static void Serve()
    {
        foreach ((ProcessStartInfo start, TaskCompletionSource<Process> started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException("no process was started"));
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
