using Microsoft.Extensions.Logging;

namespace Reflow.Hosting;

/// <summary>
/// What the hosting layer logs, as source-generated <c>LoggerMessage</c>s: structured properties (<c>{Network}</c>,
/// <c>{Node}</c>, <c>{Port}</c>, <c>{Edge}</c>) that a log store can filter on, and no formatting cost below the level.
/// </summary>
internal static partial class NetworkLog
{
    /// <summary>The category of every entry: filter it with <c>"Logging:LogLevel:Reflow": "Warning"</c> and the like.</summary>
    public const string Category = "Reflow.Network";

    [LoggerMessage(1, LogLevel.Information, "Network {Network} started from {Graph} ({Nodes} nodes, {Edges} edges)")]
    public static partial void Started(ILogger logger, string network, string graph, int nodes, int edges);

    [LoggerMessage(2, LogLevel.Error, "Network {Network} could not start from {Graph}")]
    public static partial void StartFailed(ILogger logger, Exception exception, string network, string graph);

    [LoggerMessage(3, LogLevel.Debug, "Node {Node} of network {Network} started")]
    public static partial void ActorStarted(ILogger logger, string network, string? node);

    [LoggerMessage(4, LogLevel.Debug, "Node {Node} of network {Network} stopped")]
    public static partial void ActorStopped(ILogger logger, string network, string? node);

    [LoggerMessage(5, LogLevel.Warning, "Node {Node} of network {Network} failed on {Port}: {Error}")]
    public static partial void ActorFailed(ILogger logger, Exception? exception, string network, string? node, string? port, string error);

    [LoggerMessage(6, LogLevel.Debug, "Node {Node} of network {Network} retries a failed message on {Port}")]
    public static partial void ActorRetrying(ILogger logger, string network, string? node, string? port);

    [LoggerMessage(7, LogLevel.Information, "Node {Node} of network {Network} was restarted with a fresh actor")]
    public static partial void ActorRestarted(ILogger logger, string network, string? node);

    [LoggerMessage(8, LogLevel.Warning, "The circuit breaker of node {Node} of network {Network} opened: messages to it are turned away")]
    public static partial void CircuitOpened(ILogger logger, string network, string? node);

    [LoggerMessage(9, LogLevel.Warning, "A message for {Node}.{Port} of network {Network} went to the dead letters: {Message}")]
    public static partial void DeadLetter(ILogger logger, string network, string? node, string? port, string? message);

    [LoggerMessage(10, LogLevel.Trace, "Network {Network} is idle")]
    public static partial void Idle(ILogger logger, string network);

    [LoggerMessage(11, LogLevel.Error, "Network {Network} is deadlocked: the full edges of the cycle {Cycle} wait on each other")]
    public static partial void Deadlock(ILogger logger, string network, string cycle);

    [LoggerMessage(12, LogLevel.Trace, "Edge {Edge} of network {Network} carried message #{Sequence}: {Message}")]
    public static partial void MessageSent(ILogger logger, string network, string? edge, long sequence, string? message);

    [LoggerMessage(13, LogLevel.Information,
        "Network {Network} finished: {Messages} messages over {Edges} edges in {ElapsedMs:0.0} ms, {Failures} failures ({UncaughtFailures} uncaught), {DeadLetters} dead letters")]
    public static partial void Finished(ILogger logger, string network, long messages, int edges, double elapsedMs, long failures, long uncaughtFailures, long deadLetters);

    [LoggerMessage(14, LogLevel.Error,
        "Network {Network} failed: {UncaughtFailures} uncaught failures and {LostMessages} messages lost to failures; the exit code is set to 1")]
    public static partial void RunFailed(ILogger logger, string network, long uncaughtFailures, long lostMessages);

    [LoggerMessage(15, LogLevel.Error, "Failure in network {Network} at node {Node}: {Failure}")]
    public static partial void Failure(ILogger logger, string network, string node, string failure);

    [LoggerMessage(16, LogLevel.Error, "Network {Network} ended without statistics; the exit code is set to 1")]
    public static partial void RunFaulted(ILogger logger, Exception exception, string network);

    [LoggerMessage(17, LogLevel.Information, "Network {Network} is stopping: its inputs are completed and the messages in flight are handled (until the host's shutdown timeout)")]
    public static partial void Draining(ILogger logger, string network);

    [LoggerMessage(18, LogLevel.Information, "Network {Network} drained: every accepted message was handled")]
    public static partial void Drained(ILogger logger, string network);

    [LoggerMessage(19, LogLevel.Error,
        "Network {Network} did not drain within the host's shutdown timeout: it was stopped, {DeadLetters} messages went to the dead letters; the exit code is set to 1")]
    public static partial void DrainTimedOut(ILogger logger, string network, long deadLetters);

    [LoggerMessage(20, LogLevel.Warning, "Edge {Edge} of network {Network} has been near capacity ({Queued}/{Capacity}) for {Seconds:0.0} s: a stage downstream does not keep up")]
    public static partial void Backpressure(ILogger logger, string network, string edge, int queued, int capacity, double seconds);

    [LoggerMessage(21, LogLevel.Error, "The reader of exported out-port {Port} of network {Network} threw on {Message}; the exit code is set to 1")]
    public static partial void OutputReaderFailed(ILogger logger, Exception exception, string network, string port, string message);

    [LoggerMessage(22, LogLevel.Debug, "Network {Network} finished its run")]
    public static partial void NetworkFinishedEvent(ILogger logger, string network);

    [LoggerMessage(EventId = 23, Message = "Node {Node} of network {Network}: {Text}")]
    public static partial void ActorLog(ILogger logger, LogLevel level, string network, string? node, string? text);
}
