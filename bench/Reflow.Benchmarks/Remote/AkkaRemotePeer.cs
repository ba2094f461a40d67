using Akka.Actor;
using Akka.Configuration;
using Reflow.Benchmarks.Peers.AkkaNet;

namespace Reflow.Benchmarks.Remote;

/// <summary>
/// B13 on Akka.Remote 1.5.74: two actor systems in this process, each with the classic remoting over DotNetty TCP bound
/// to 127.0.0.1 on a free port (port 0: the transport picks one), with <see cref="AkkaHost.Settings"/> (the B1–B8
/// dispatcher) and otherwise Akka.Remote's defaults (its write batching on). The messages are boxed <see cref="long"/>s,
/// which Akka.Remote binds to its primitive serializer (8 bytes, no type manifest): the cheapest message it has. Data
/// messages are told without a sender (no sender path in each envelope); the receiver learns the sender's reference
/// once, from a hello (−1) told with one, and answers it with cumulative counts.
/// </summary>
internal sealed class AkkaRemotePeer : IRemotePeer
{
    private const string Remoting = """
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """;

    private readonly ActorSystem _receiving;
    private readonly ActorSystem _sending;
    private readonly Address _receiverAddress;
    private int _runs;

    private AkkaRemotePeer(ActorSystem receiving, ActorSystem sending)
    {
        (_receiving, _sending) = (receiving, sending);
        _receiverAddress = ((ExtendedActorSystem)receiving).Provider.DefaultAddress;
    }

    /// <summary>Starts the two systems.</summary>
    public static AkkaRemotePeer Start()
    {
        Config config = ConfigurationFactory.ParseString(Remoting).WithFallback(ConfigurationFactory.ParseString(AkkaHost.Settings));
        return new AkkaRemotePeer(ActorSystem.Create("b13-receiver", config), ActorSystem.Create("b13-sender", config));
    }

    public async Task ThroughputAsync(ThroughputTally tally, CancellationToken cancellationToken)
    {
        string name = "receiver-" + Interlocked.Increment(ref _runs);
        IActorRef receiver = _receiving.ActorOf(Props.Create(typeof(CreditReceiver), tally), name);
        IActorRef remote = await ResolveAsync(name).ConfigureAwait(false);
        IActorRef sender = _sending.ActorOf(Props.Create(typeof(CreditSender), remote, tally.Expected));
        try
        {
            await tally.Completion.WaitAsync(RemoteWorkload.Timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sending.Stop(sender);
            _receiving.Stop(receiver);
        }
    }

    public async Task<IRemoteLatencyLink> OpenLatencyAsync(LatencyProbe probe, CancellationToken cancellationToken)
    {
        string name = "latency-" + Interlocked.Increment(ref _runs);
        IActorRef receiver = _receiving.ActorOf(Props.Create(typeof(LatencyReceiver), probe), name);
        return new LatencyLink(_receiving, receiver, await ResolveAsync(name).ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        await _sending.Terminate().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        await _receiving.Terminate().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    // The sender's reference to the receiver goes through remoting: resolved by path on the receiver's address.
    private Task<IActorRef> ResolveAsync(string name) =>
        _sending.ActorSelection(new RootActorPath(_receiverAddress) / "user" / name).ResolveOne(TimeSpan.FromSeconds(30));

    private sealed class LatencyLink(ActorSystem receiving, IActorRef receiver, IActorRef remote) : IRemoteLatencyLink
    {
        public ValueTask SendAsync(long timestamp, CancellationToken cancellationToken)
        {
            remote.Tell(timestamp, ActorRefs.NoSender);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            receiving.Stop(receiver);
            return ValueTask.CompletedTask;
        }
    }

    // Sends up to the window ahead of the last cumulative count it was told; the receiver's first answer (0) starts it.
    private sealed class CreditSender(IActorRef receiver, long messages) : UntypedActor
    {
        private long _sent;

        protected override void PreStart() => receiver.Tell(-1L, Self);

        protected override void OnReceive(object message)
        {
            long limit = Math.Min(messages, (long)message + RemoteWorkload.Window);
            while (_sent < limit)
            {
                receiver.Tell(_sent++, ActorRefs.NoSender);
            }
        }
    }

    private sealed class CreditReceiver(ThroughputTally tally) : UntypedActor
    {
        private IActorRef _sender = ActorRefs.Nobody;

        protected override void OnReceive(object message)
        {
            long value = (long)message;
            if (value < 0)
            {
                _sender = Sender;
                _sender.Tell(0L, ActorRefs.NoSender);
                return;
            }

            long count = tally.Add(value);
            if (count % RemoteWorkload.AckEvery == 0 || count == tally.Expected)
            {
                _sender.Tell(count, ActorRefs.NoSender);
            }
        }
    }

    private sealed class LatencyReceiver(LatencyProbe probe) : UntypedActor
    {
        protected override void OnReceive(object message) => probe.Arrived((long)message);
    }
}
