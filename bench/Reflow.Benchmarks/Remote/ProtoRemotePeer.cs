using Google.Protobuf.WellKnownTypes;
using Proto;
using Proto.Remote;
using Proto.Remote.GrpcNet;
using Reflow.Benchmarks.Peers.ProtoActor;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// B13 on Proto.Remote 1.8.0: two actor systems in this process, each with Proto.Remote's gRPC transport (Kestrel,
/// HTTP/2) bound to 127.0.0.1 on a free port, its endpoint writer's defaults (batches of up to 1000 envelopes), actors
/// on <see cref="ProtoHost"/>'s dispatcher. The messages are the protobuf well-known type
/// <see cref="Int64Value"/> (one int64 field; registered with <c>WithProtoMessages</c>): what Proto.Remote's
/// serializer is made for. Data messages are sent with <c>Send</c> (no sender header); the receiver learns the
/// sender's PID once, from a hello (−1) sent with <c>Request</c>, and answers it with cumulative counts.
/// </summary>
internal sealed class ProtoRemotePeer : IRemotePeer
{
    private readonly ActorSystem _receiving;
    private readonly ActorSystem _sending;
    private int _runs;

    private ProtoRemotePeer(ActorSystem receiving, ActorSystem sending) => (_receiving, _sending) = (receiving, sending);

    /// <summary>Starts the two systems and their remoting.</summary>
    public static async Task<ProtoRemotePeer> StartAsync()
    {
        ActorSystem receiving = await StartSystemAsync().ConfigureAwait(false);
        return new ProtoRemotePeer(receiving, await StartSystemAsync().ConfigureAwait(false));
    }

    public async Task ThroughputAsync(ThroughputTally tally, CancellationToken cancellationToken)
    {
        string name = "receiver-" + Interlocked.Increment(ref _runs);
        PID receiver = _receiving.Root.SpawnNamed(ProtoHost.PropsFor(() => new CreditReceiver(tally)), name);
        PID remote = PID.FromAddress(_receiving.Address, name);
        PID sender = _sending.Root.Spawn(ProtoHost.PropsFor(() => new CreditSender(remote, tally.Expected)));
        try
        {
            await tally.Completion.WaitAsync(RemoteWorkload.Timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _sending.Root.StopAsync(sender).ConfigureAwait(false);
            await _receiving.Root.StopAsync(receiver).ConfigureAwait(false);
        }
    }

    public Task<IRemoteLatencyLink> OpenLatencyAsync(LatencyProbe probe, CancellationToken cancellationToken)
    {
        string name = "latency-" + Interlocked.Increment(ref _runs);
        PID receiver = _receiving.Root.SpawnNamed(ProtoHost.PropsFor(() => new LatencyReceiver(probe)), name);
        return Task.FromResult<IRemoteLatencyLink>(new LatencyLink(_sending.Root, _receiving.Root, receiver, PID.FromAddress(_receiving.Address, name)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ActorSystem system in new[] { _sending, _receiving })
        {
            await system.Remote().ShutdownAsync(graceful: true).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            await system.ShutdownAsync("B13 done").WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
    }

    private static async Task<ActorSystem> StartSystemAsync()
    {
        // Port 0: Kestrel binds a free port and the system's address carries the one it got.
        RemoteConfig config = RemoteConfig.BindToLocalhost(0).WithProtoMessages(WrappersReflection.Descriptor);
        ActorSystem system = new ActorSystem().WithRemote(config);
        await system.Remote().StartAsync().ConfigureAwait(false);
        return system;
    }

    private sealed class LatencyLink(IRootContext sending, IRootContext receiving, PID receiver, PID remote) : IRemoteLatencyLink
    {
        public ValueTask SendAsync(long timestamp, CancellationToken cancellationToken)
        {
            sending.Send(remote, new Int64Value { Value = timestamp });
            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync() => await receiving.StopAsync(receiver).ConfigureAwait(false);
    }

    // Sends up to the window ahead of the last cumulative count it was told; the receiver's first answer (0) starts it.
    private sealed class CreditSender(PID receiver, long messages) : IActor
    {
        private long _sent;

        public Task ReceiveAsync(IContext context)
        {
            switch (context.Message)
            {
                case Started:
                    context.Request(receiver, new Int64Value { Value = -1 });
                    break;
                case Int64Value credited:
                    long limit = Math.Min(messages, credited.Value + RemoteWorkload.Window);
                    while (_sent < limit)
                    {
                        context.Send(receiver, new Int64Value { Value = _sent++ });
                    }

                    break;
            }

            return Task.CompletedTask;
        }
    }

    private sealed class CreditReceiver(ThroughputTally tally) : IActor
    {
        private PID? _sender;

        public Task ReceiveAsync(IContext context)
        {
            if (context.Message is not Int64Value { Value: long value })
            {
                return Task.CompletedTask;
            }

            if (value < 0)
            {
                _sender = context.Sender!;
                context.Send(_sender, new Int64Value { Value = 0 });
                return Task.CompletedTask;
            }

            long count = tally.Add(value);
            if (count % RemoteWorkload.AckEvery == 0 || count == tally.Expected)
            {
                context.Send(_sender!, new Int64Value { Value = count });
            }

            return Task.CompletedTask;
        }
    }

    private sealed class LatencyReceiver(LatencyProbe probe) : IActor
    {
        public Task ReceiveAsync(IContext context)
        {
            if (context.Message is Int64Value { Value: long stamp })
            {
                probe.Arrived(stamp);
            }

            return Task.CompletedTask;
        }
    }
}
