using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;
using CoreNetwork = Reflow.Networks.Network;

namespace Reflow.Server.Network;

// The run's events: Core's network events and exported out-ports turned into protocol messages for the clients that
// watch them (and the trace), on the pump's own loop.
internal sealed partial class LiveNetwork
{
    // The run's event loop: it catches, reports and completes (a failure in it must not leave the run "running").
    private async Task PumpAsync(CoreNetwork network, ProtocolEventMapper mapper, ChannelReader<NetworkEvent> events, Task<NetworkRunResult> run,
        ImmutableArray<ExportedPortDefinition> outPorts, Task announced, TaskCompletionSource drained)
    {
        try
        {
            string? failure = null;
            try
            {
                await announced.ConfigureAwait(false);
                Task[] outputs = [.. outPorts.Select(p => Task.Run(() => ForwardOutputAsync(network, p.Name)))];
                var made = new List<ProtocolEvent>();
                Func<WatchedEdge, bool> wanted = IsWatchedOrTraced;
                while (await events.WaitToReadAsync().ConfigureAwait(false))
                {
                    bool more = Gather(events, mapper, wanted, made) == EventsPerSend;
                    await SendAsync(made).ConfigureAwait(false);
                    if (!more)
                    {
                        await Task.Delay(EventGathering).ConfigureAwait(false);
                    }
                }

                mapper.Disconnects(DateTimeOffset.UtcNow, made);
                await SendAsync(made).ConfigureAwait(false);

                await Task.WhenAll(outputs).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // reported to the clients, not thrown on a pool thread where nobody hears it
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = $"its events could not be sent: {ex.Message}";
                await network.DisposeAsync().ConfigureAwait(false); // nothing watches it any more: end it
            }

            try
            {
                await run.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // whatever ended the run is reported to the clients
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure ??= ex.Message;
            }

            if (failure is not null)
            {
                await BroadcastAsync("error", new JsonObject { ["message"] = $"The network of graph \"{Graph}\" failed: {failure}", ["graph"] = Graph },
                    DateTimeOffset.UtcNow, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            drained.TrySetResult();
        }

        await _state.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await ReportFinishedAsync(network).ConfigureAwait(false);
        }
        finally
        {
            _state.Gate.Release();
        }
    }

    // How long the pump lets a watched run's events gather after sending a batch. While it waits, a worker that
    // publishes an event finds no reader waiting and wakes no thread: a busy watched network wakes the pump at most
    // about a hundred times a second instead of once per data event (each a thread woken on the two cores the
    // workers run on). Clients see events up to this much later, in the same order.
    private static readonly TimeSpan EventGathering = TimeSpan.FromMilliseconds(10);

    /// <summary>Core events mapped before the pump sends what they made: a client's queue's worth.</summary>
    internal const int EventsPerSend = 4096;

    /// <summary>
    /// Maps the events waiting in <paramref name="events"/>, at most <see cref="EventsPerSend"/>, into
    /// <paramref name="made"/>; returns how many it read.
    /// </summary>
    /// <remarks>
    /// Bounded because a network whose every packet is an event (the data-event budget off) makes them as fast as the
    /// pump reads them: reading until none waited held a 20 M-message run's 200 M events in <paramref name="made"/>
    /// (24 GB, B14's WatchedEveryMessage killed by the kernel). Now the subscription's bounded channel drops the oldest
    /// while the clients catch up (counted in the run's EventsDiscarded), and the next data event on their edge says
    /// how many packets it skipped.
    /// </remarks>
    internal static int Gather(ChannelReader<NetworkEvent> events, ProtocolEventMapper mapper, Func<WatchedEdge, bool> wanted, List<ProtocolEvent> made)
    {
        int read = 0;
        while (read < EventsPerSend && events.TryRead(out NetworkEvent? networkEvent))
        {
            mapper.Map(networkEvent, wanted, made);
            read++;
        }

        return read;
    }

    // The pump's events, in order: an edge's to the clients watching it (and the trace), the others to every client.
    private async ValueTask SendAsync(List<ProtocolEvent> made)
    {
        foreach (ProtocolEvent e in made)
        {
            if (e.Edge is { } edge)
            {
                await EdgeEventAsync(e.Command, e.Payload, IsWatched(edge), e.Time).ConfigureAwait(false);
            }
            else
            {
                await BroadcastAsync(e.Command, e.Payload, e.Time, CancellationToken.None).ConfigureAwait(false);
            }
        }

        made.Clear();
    }

    private bool IsWatchedOrTraced(WatchedEdge edge) => IsWatched(edge) || _trace is { Recording: true };

    // An exported out-port's messages go to every client as runtime:packet (and reading them keeps its edge flowing).
    private async Task ForwardOutputAsync(CoreNetwork network, string port)
    {
        await foreach (Message message in network.Output(port).ReadAllAsync().ConfigureAwait(false))
        {
            JsonObject packet = ProtocolEventMapper.Packet(Graph, port, message);
            await _state.BroadcastAsync("runtime", "packet", packet, CancellationToken.None).ConfigureAwait(false);
            _trace?.Record("runtime", "packet", packet, DateTimeOffset.UtcNow);
        }
    }

    // The graph's IIPs were delivered at start; Core reports no event for them, so their data events come from the graph.
    private async ValueTask SendInitialsAsync(Graph graph, DateTimeOffset time, CancellationToken cancellationToken)
    {
        bool watched = _debug || _selection is null;
        FlowTrace? trace = _trace;
        if (!watched && trace is not { Recording: true })
        {
            return;
        }

        foreach (ProtocolEvent e in ProtocolEventMapper.Initials(Graph, graph, time))
        {
            if (watched)
            {
                await _state.BroadcastAsync("network", e.Command, e.Payload, cancellationToken).ConfigureAwait(false);
            }

            trace?.Record("network", e.Command, e.Payload, time);
        }
    }

    private async ValueTask EdgeEventAsync(string command, JsonObject payload, bool watched, DateTimeOffset time)
    {
        if (watched)
        {
            await _state.BroadcastAsync("network", command, payload, CancellationToken.None).ConfigureAwait(false);
        }

        if (_trace is { Recording: true } trace)
        {
            trace.Record("network", command, payload, time);
        }
    }

    private bool IsWatched(WatchedEdge edge) => _debug || _selection is not { } selection || selection.Contains(edge.Key);


    private static Message ToMessage(JsonNode? payload)
    {
        try
        {
            return MessageJson.Parse(payload?.ToJsonString() ?? "null");
        }
        catch (Exception ex) when (ex is MessageFormatException or JsonException)
        {
            throw new FbpProtocolException($"runtime:packet: the payload is not a value a message can carry: {ex.Message}", ex);
        }
    }

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
