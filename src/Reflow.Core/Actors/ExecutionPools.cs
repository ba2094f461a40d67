namespace Reflow.Actors;

/// <summary>
/// The names of the execution pools every network has. A pool is a set of threads of its own, never a worker
/// thread: an actor placed on one may block or await without stalling the actors on the workers. Further pools are
/// named in <see cref="Networks.NetworkOptions.Pools"/>; a node picks one with its <c>pool</c> metadata, a component
/// with <see cref="ComponentDescription.Pool"/>.
/// </summary>
public static class ExecutionPools
{
    /// <summary>The pool of components that may block (<see cref="ComponentDescription.MayBlock"/>); sized by <see cref="Networks.NetworkOptions.BlockingWorkerCount"/>.</summary>
    public const string Blocking = "blocking";

    /// <summary>The pool <see cref="AsyncActor"/>s run on unless their component or node names another; sized by <see cref="Networks.NetworkOptions.AsyncWorkerCount"/>.</summary>
    public const string Async = "async";

    /// <summary>The metadata key of a node that names its pool (<c>"pool": "python"</c> in a graph file).</summary>
    public const string MetadataKey = "pool";
}
