using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Benchmarks.Peers.ReflowRuntime;

/// <summary>
/// Ping-pong as a two-node Reflow network with a cycle: <c>ping.out → pong.in</c>, <c>pong.out → ping.in</c>
/// (edges bounded at 1024, so up to 1024 balls in flight). The pinger emits its window in <c>OnStart</c> and one
/// ball per reply until the score is complete; the network then has no work left and its run finishes. With the
/// default options the placement puts both nodes on one worker (two actors are not worth a crossing); B2's
/// <c>ReflowTwoWorkers</c> row puts them on two, so every ball crosses cores, as it may in the peers' thread pools.
/// </summary>
public sealed class ReflowPingPong
{
    private static readonly ComponentDescription s_ping = new("bench/Ping", [new("in", PortType.Integer)], [new("out", PortType.Integer)]);
    private static readonly ComponentDescription s_pong = new("bench/Pong", [new("in", PortType.Integer)], [new("out", PortType.Integer)]);

    private readonly NetworkDefinition _definition;
    private readonly NetworkOptions _options;
    private PingPongScore? _score;

    /// <summary>Builds the two-node definition, run with <paramref name="options"/> (default <see cref="ReflowHost.Options"/>).</summary>
    public ReflowPingPong(NetworkOptions? options = null)
    {
        _options = options ?? ReflowHost.Options;
        _definition = new NetworkBuilder()
        .AddNode("ping", Component.FromFactory(s_ping, () => new Ping(this)))
        .AddNode("pong", Component.FromFactory(s_pong, () => new Pong()))
        .Connect("ping", "out", "pong", "in")
        .Connect("pong", "out", "ping", "in")
        .Build(_ => null);
    }

    /// <summary>Plays <paramref name="score"/> to the end in a new network.</summary>
    public async Task RunAsync(PingPongScore score)
    {
        _score = score;
        await using Network network = Network.Create(_definition, _options);
        ReflowHost.Checked(await network.RunAsync().ConfigureAwait(false));
    }

    private sealed class Ping(ReflowPingPong owner) : Actor
    {
        private OutPort _out;
        private PingPongScore _score = null!;

        public override void OnStart(ActorContext context)
        {
            _out = context.OutPort("out");
            _score = owner._score!;
            _score.Start();
            for (int i = 0; i < _score.Window; i++)
            {
                context.Emit(_out, Message.Integer(i));
            }
        }

        public override void Receive(ActorContext context)
        {
            if (_score.OnReply())
            {
                context.Emit(_out, context.Message);
            }
        }
    }

    private sealed class Pong : Actor
    {
        private OutPort _out;

        public override void OnStart(ActorContext context) => _out = context.OutPort("out");

        public override void Receive(ActorContext context) => context.Emit(_out, context.Message);
    }
}
