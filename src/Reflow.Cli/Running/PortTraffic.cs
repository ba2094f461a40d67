using System.Collections.Concurrent;
using System.Threading.Channels;
using Reflow.Messages;

namespace Reflow.Cli.Running;

/// <summary>
/// What a run's exported ports carry, for <c>reflow run</c> in one process and across a cluster alike: each in-port fed
/// from its <c>--input</c> specs (then completed), each out-port printed as its values come, both counted.
/// </summary>
internal sealed class PortTraffic(CliHost host, RunReport report)
{
    private readonly ConcurrentDictionary<string, long> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _received = new(StringComparer.Ordinal);

    /// <summary>Messages each in-port accepted, by port name.</summary>
    public Dictionary<string, long> Accepted => Sorted(_accepted);

    /// <summary>Messages each out-port emitted, by port name.</summary>
    public Dictionary<string, long> Received => Sorted(_received);

    /// <summary>
    /// Sends <paramref name="specs"/>' messages in order with <paramref name="send"/> (counted once accepted), then calls
    /// <paramref name="complete"/>. An interrupt or a run that stopped taking input ends it quietly; a bad input is
    /// reported and <paramref name="abort"/> stops the run.
    /// </summary>
    public async Task FeedAsync(
        string port,
        IReadOnlyList<InputSpec> specs,
        Func<Message, CancellationToken, ValueTask> send,
        Action complete,
        Func<bool> stopped,
        Func<Task> abort,
        CancellationToken cancellationToken)
    {
        _accepted[port] = 0;
        try
        {
            foreach (InputSpec spec in specs)
            {
                await foreach (Message message in spec.ReadAsync(host.In, cancellationToken).ConfigureAwait(false))
                {
                    await send(message, cancellationToken).ConfigureAwait(false);
                    _accepted.AddOrUpdate(port, 1, (_, n) => n + 1); // counted once the run has it
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Interrupted or timed out: the message being sent was not accepted.
        }
        catch (InvalidOperationException) when (cancellationToken.IsCancellationRequested || stopped())
        {
            // The run stopped taking input (drained or stopped) while a send waited for room.
        }
        catch (Exception ex) when (ex is CliUsageException or IOException)
        {
            report.Problem(ex.Message);
            await abort().ConfigureAwait(false);
        }
        finally
        {
            complete();
        }
    }

    /// <summary>Prints and counts every value of <paramref name="port"/> until its stream ends.</summary>
    public async Task ReadAsync(string port, ChannelReader<Message> output)
    {
        _received[port] = 0;
        await foreach (Message message in output.ReadAllAsync().ConfigureAwait(false))
        {
            report.Value(port, message);
            _received.AddOrUpdate(port, 1, (_, n) => n + 1);
        }
    }

    private static Dictionary<string, long> Sorted(ConcurrentDictionary<string, long> counts) =>
        counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
}
