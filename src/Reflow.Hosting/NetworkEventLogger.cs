using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Hosting;

/// <summary>
/// Reads a network's events (the public subscription, <see cref="Networks.Network.SubscribeEvents"/>) and writes
/// each through <see cref="NetworkLog"/>: failures as warnings with their exception, deadlocks as errors, starts and
/// stops at debug. Runs until the subscription completes, which it does when the run is over.
/// </summary>
internal static class NetworkEventLogger
{
    public static async Task RunAsync(ChannelReader<NetworkEvent> events, ILogger logger, string network)
    {
        await foreach (NetworkEvent e in events.ReadAllAsync().ConfigureAwait(false))
        {
            Log(e, logger, network);
        }
    }

    private static void Log(NetworkEvent e, ILogger logger, string network)
    {
        switch (e.Kind)
        {
            case NetworkEventKind.ActorStarted:
                NetworkLog.ActorStarted(logger, network, e.NodeId);
                break;
            case NetworkEventKind.ActorStopped:
                NetworkLog.ActorStopped(logger, network, e.NodeId);
                break;
            case NetworkEventKind.ActorFailed:
                NetworkLog.ActorFailed(logger, e.Exception, network, e.NodeId, e.Port, e.Exception?.Message ?? e.Message?.ToString() ?? "an Error message");
                break;
            case NetworkEventKind.ActorRetrying:
                NetworkLog.ActorRetrying(logger, network, e.NodeId, e.Port);
                break;
            case NetworkEventKind.ActorRestarted:
                NetworkLog.ActorRestarted(logger, network, e.NodeId);
                break;
            case NetworkEventKind.CircuitOpened:
                NetworkLog.CircuitOpened(logger, network, e.NodeId);
                break;
            case NetworkEventKind.DeadLetter:
                NetworkLog.DeadLetter(logger, network, e.NodeId, e.Port, e.Message?.ToString());
                break;
            case NetworkEventKind.Idle:
                NetworkLog.Idle(logger, network);
                break;
            case NetworkEventKind.Deadlock:
                NetworkLog.Deadlock(logger, network, string.Join(" -> ", e.Nodes));
                break;
            case NetworkEventKind.MessageSent:
                NetworkLog.MessageSent(logger, network, e.EdgeId, e.Sequence, e.Message?.ToString());
                break;
            case NetworkEventKind.NetworkFinished:
                NetworkLog.NetworkFinishedEvent(logger, network);
                break;
            case NetworkEventKind.ActorLog:
                NetworkLog.ActorLog(logger, LevelOf(e.Port), network, e.NodeId, e.Message is { Kind: MessageKind.String } text ? text.AsString() : e.Message?.ToString());
                break;
            default:
                break; // NetworkStarted: the hosted service logs the start itself, with the graph's size
        }
    }

    /// <summary>A node's log level (<see cref="NetworkEventKind.ActorLog"/>'s port) as an <see cref="LogLevel"/>.</summary>
    private static LogLevel LevelOf(string? level) => level switch
    {
        "error" => LogLevel.Error,
        "warn" => LogLevel.Warning,
        "debug" => LogLevel.Debug,
        _ => LogLevel.Information,
    };
}
