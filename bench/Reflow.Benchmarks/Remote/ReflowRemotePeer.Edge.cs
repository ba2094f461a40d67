using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Reflow.Distributed;
using Reflow.Distributed.Transport;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// The Reflow rows' endpoints: a nats-server of their own (with JetStream for the at-least-once row), the sender's and
/// the receiver's NATS connections (each subscription waits rather than drops when its channel is full), and per run a
/// fresh edge id — at-least-once, also a fresh run id and that run's stream (<see cref="RemoteEdgeStream"/>), created
/// before the receiver starts and deleted when the run is over, as a distributed run does. Throughput runs between two
/// part networks (<see cref="ReflowRemoteNetworks"/>: a source actor's exported out-port, a sink actor's exported
/// in-port), as a distributed run's parts are joined; latency sends from the benchmark's thread through a bounded
/// channel, as the peers send from theirs, into a target that records each arrival.
/// </summary>
internal sealed partial class ReflowRemotePeer : IRemotePeer
{
    private static readonly string s_runId = "b13-" + Environment.ProcessId;
    private readonly BenchNatsServer _server;
    private readonly NatsConnection _sending;
    private readonly NatsConnection _receiving;
    private readonly int _maxBatch;
    private readonly DeliveryMode _delivery;
    private int _edges;

    private ReflowRemotePeer(BenchNatsServer server, NatsConnection sending, NatsConnection receiving, int maxBatch, DeliveryMode delivery) =>
        (_server, _sending, _receiving, _maxBatch, _delivery) = (server, sending, receiving, maxBatch, delivery);

    /// <summary>Starts a nats-server (with JetStream when <paramref name="delivery"/> is at-least-once) and connects both endpoints to it.</summary>
    public static async Task<IRemotePeer> StartAsync(int maxBatch, DeliveryMode delivery = DeliveryMode.AtMostOnce)
    {
        BenchNatsServer server = await BenchNatsServer.StartAsync(jetStream: delivery == DeliveryMode.AtLeastOnce).ConfigureAwait(false);
        var options = new NatsOpts { Url = server.Url, SubPendingChannelFullMode = BoundedChannelFullMode.Wait };
        var sending = new NatsConnection(options);
        var receiving = new NatsConnection(options);
        await sending.ConnectAsync().ConfigureAwait(false);
        await receiving.ConnectAsync().ConfigureAwait(false);
        return new ReflowRemotePeer(server, sending, receiving, maxBatch, delivery);
    }

    public async Task ThroughputAsync(ThroughputTally tally, CancellationToken cancellationToken)
    {
        await using Network sending = ReflowRemoteNetworks.Sending(tally.Expected);
        await using Network receiving = ReflowRemoteNetworks.Receiving(tally);
        Task<NetworkRunResult> received = receiving.RunAsync(cancellationToken);
        Task<NetworkRunResult> sent = sending.RunAsync(cancellationToken);
        await using (Edge edge = await OpenAsync(sending.Output(ReflowRemoteNetworks.Outlet), new NetworkEdgeTarget(receiving, ReflowRemoteNetworks.Inlet), cancellationToken).ConfigureAwait(false))
        {
            await tally.Completion.WaitAsync(RemoteWorkload.Timeout, cancellationToken).ConfigureAwait(false);
        }

        ReflowRemoteNetworks.Check(await sent.WaitAsync(RemoteWorkload.Timeout, cancellationToken).ConfigureAwait(false));
        ReflowRemoteNetworks.Check(await received.WaitAsync(RemoteWorkload.Timeout, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IRemoteLatencyLink> OpenLatencyAsync(LatencyProbe probe, CancellationToken cancellationToken)
    {
        // One message at a time straight from the benchmark's thread, as the peers send theirs.
        var source = Channel.CreateBounded<Message>(new BoundedChannelOptions((int)RemoteWorkload.Window) { SingleReader = true, SingleWriter = true });
        Edge edge = await OpenAsync(source.Reader, new ProbeTarget(probe), cancellationToken).ConfigureAwait(false);
        edge.Writer = source.Writer;
        return edge;
    }

    public async ValueTask DisposeAsync()
    {
        await _sending.DisposeAsync().ConfigureAwait(false);
        await _receiving.DisposeAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<Edge> OpenAsync(ChannelReader<Message> source, IRemoteEdgeTarget target, CancellationToken cancellationToken)
    {
        int edgeId = Interlocked.Increment(ref _edges);
        bool atLeastOnce = _delivery == DeliveryMode.AtLeastOnce;
        var address = new RemoteEdgeAddress(atLeastOnce ? $"{s_runId}-{edgeId}" : s_runId, edgeId);
        var options = new RemoteEdgeOptions { Capacity = (int)RemoteWorkload.Window, MaxBatch = _maxBatch, Delivery = _delivery };
        NatsJSContext? js = atLeastOnce ? new NatsJSContext(_sending) : null;
        if (js is not null)
        {
            await RemoteEdgeStream.CreateAsync(js, address.RunId, cancellationToken).ConfigureAwait(false);
        }

        var receiver = new RemoteEdgeReceiver(_receiving, address, options);
        try
        {
            await receiver.StartAsync(cancellationToken).ConfigureAwait(false); // subscribed before the sender starts
        }
        catch
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
            if (js is not null)
            {
                await RemoteEdgeStream.DeleteAsync(js, address.RunId, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        Task<RemoteEdgeResult> received = receiver.RunAsync(target, cancellationToken);
        Task<RemoteEdgeResult> sent = new RemoteEdgeSender(_sending, address, options).RunAsync(source, cancellationToken);
        return new Edge(sent, received, receiver, js, address.RunId);
    }

    // One run's edge; disposing ends the stream of messages (the latency rows' writer; a sending network ends its own),
    // waits for both ends to finish, and deletes the run's JetStream stream (at-least-once), whatever the outcome.
    private sealed class Edge(Task<RemoteEdgeResult> sent, Task<RemoteEdgeResult> received, RemoteEdgeReceiver receiver, NatsJSContext? js, string runId)
        : IRemoteLatencyLink
    {
        public ChannelWriter<Message>? Writer { get; set; }

        public ValueTask SendAsync(long timestamp, CancellationToken cancellationToken) =>
            Writer!.WriteAsync(Message.Integer(timestamp), cancellationToken);

        public async ValueTask DisposeAsync()
        {
            Writer?.TryComplete();
            RemoteEdgeResult sender;
            RemoteEdgeResult delivered;
            try
            {
                sender = await sent.WaitAsync(RemoteWorkload.Timeout).ConfigureAwait(false);
                delivered = await received.WaitAsync(RemoteWorkload.Timeout).ConfigureAwait(false);
            }
            finally
            {
                await receiver.DisposeAsync().ConfigureAwait(false);
                if (js is not null)
                {
                    using var timeout = new CancellationTokenSource(RemoteWorkload.Timeout);
                    await RemoteEdgeStream.DeleteAsync(js, runId, timeout.Token).ConfigureAwait(false);
                }
            }

            if (sender.Lost != 0 || delivered.Lost != 0 || delivered.Received != sender.Sent)
            {
                throw new InvalidOperationException($"B13 Reflow: the edge lost messages (sent {sender.Sent}, received {delivered.Received}, lost {sender.Lost} by the sender's count, {delivered.Lost} by the receiver's).");
            }
        }
    }

    private sealed class ProbeTarget(LatencyProbe probe) : IRemoteEdgeTarget
    {
        public bool TrySend(in Message message)
        {
            probe.Arrived(message.AsInteger());
            return true;
        }

        public ValueTask SendAsync(Message message, CancellationToken cancellationToken)
        {
            probe.Arrived(message.AsInteger());
            return ValueTask.CompletedTask;
        }

        public void Complete()
        {
        }
    }
}
