using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Reflow.Distributed.Transport;

/// <summary>
/// The run's JetStream stream <c>REFLOW_&lt;runId&gt;</c>: it keeps every frame of every at-least-once edge of the run
/// for the whole run, so a part started again on another node replays its inputs from the first message.
/// </summary>
/// <remarks>
/// Limits retention (nothing is removed when read: a replay needs it all) with a one-day MaxAge as a safety net for a
/// run whose coordinator died before <see cref="DeleteAsync"/>. The two-minute duplicate window lets the server drop
/// a sender's retried publish (same <c>Nats-Msg-Id</c>); the receiver's trimming by sequence is the real guarantee.
/// </remarks>
internal static class RemoteEdgeStream
{
    /// <summary>How long the server remembers message ids to drop a re-publish.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(2);

    /// <summary>How long a frame is kept at most (the run is expected to delete its stream long before).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    /// <summary>Creates the run's stream, or leaves it as it is when it exists (idempotent). Call before any part is prepared.</summary>
    /// <returns>The stream's name.</returns>
    /// <exception cref="InvalidOperationException">The server has no JetStream.</exception>
    public static async Task<string> CreateAsync(INatsJSContext js, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(js);
        string name = RemoteEdgeAddress.StreamNameOf(runId);
        var config = new StreamConfig(name, [RemoteEdgeAddress.StreamSubjectsOf(runId)])
        {
            Storage = StreamConfigStorage.File,
            Retention = StreamConfigRetention.Limits,
            MaxAge = MaxAge,
            DuplicateWindow = DuplicateWindow,
            Description = $"Reflow run {runId}: the frames of its at-least-once remote edges",
        };
        try
        {
            await js.CreateOrUpdateStreamAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsNoJetStream(ex))
        {
            throw NoJetStream(js, name, ex);
        }

        return name;
    }

    /// <summary>Deletes the run's stream (when the run ends); a stream already gone is no error.</summary>
    /// <returns>Whether a stream was deleted.</returns>
    /// <exception cref="InvalidOperationException">The server has no JetStream.</exception>
    public static async Task<bool> DeleteAsync(INatsJSContext js, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(js);
        string name = RemoteEdgeAddress.StreamNameOf(runId);
        try
        {
            return await js.DeleteStreamAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            return false;
        }
        catch (Exception ex) when (IsNoJetStream(ex))
        {
            throw NoJetStream(js, name, ex);
        }
    }

    /// <summary>The errors a server without JetStream answers with (503 from a server that has it disabled, no responders from one that never had it).</summary>
    internal static bool IsNoJetStream(Exception ex) =>
        ex is NatsNoRespondersException or NatsJSApiNoResponseException || (ex is NatsJSApiException api && api.Error.Code == 503);

    private static InvalidOperationException NoJetStream(INatsJSContext js, string stream, Exception ex) => new(
        $"The NATS server at {js.Connection.Opts.Url} has no JetStream, which at-least-once remote edges need (stream {stream}): start it with -js (nats-server -js), or enable jetstream {{}} in its configuration.",
        ex);
}
