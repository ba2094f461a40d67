using Reflow.Networks;

namespace Reflow.Benchmarks.Peers.ReflowRuntime;

/// <summary>
/// The Reflow set-up of every suite: <see cref="NetworkOptions"/> with up to one pinned worker per core (the default,
/// stated explicitly), the runtime's default wait strategy, every edge bounded (1024 unless a suite says
/// otherwise), one network per invocation (networks run once), so Reflow's times include its start-up.
/// </summary>
public static class ReflowHost
{
    /// <summary>The options of every suite's networks.</summary>
    public static NetworkOptions Options { get; } = new() { WorkerCount = Environment.ProcessorCount };

    /// <summary>Every actor on one worker: the <c>ReflowOneWorker</c> rows of B2, B3 and B4 (issue 23 §2).</summary>
    public static NetworkOptions OneWorker { get; } = new() { WorkerCount = 1 };

    /// <summary>
    /// Two workers whatever the placement's estimate says (contiguous runs of the node list, one per worker): the
    /// <c>ReflowTwoWorkers</c> rows, which show whether the placement's choice for the suite was the right one.
    /// </summary>
    public static NetworkOptions TwoWorkers { get; } = new() { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 };

    /// <summary>Runs <paramref name="network"/>'s <see cref="Network.RunAsync"/> result check: no actor may have thrown.</summary>
    public static NetworkRunResult Checked(NetworkRunResult result) =>
        result.Errors == 0 ? result : throw new InvalidOperationException($"{result.Errors} actor calls threw during the run.");
}
