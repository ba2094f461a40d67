using Akka.Actor;

namespace Reflow.Benchmarks.Peers.AkkaNet;

/// <summary>
/// Ping-pong between two Akka.NET actors (<see cref="AkkaHost"/>), as Akka's own PingPong benchmark plays it:
/// the pinger tells the ponger with itself as sender, the ponger replies to <c>Sender</c>. One preallocated ball
/// object is reused, so no message is allocated.
/// </summary>
public static class AkkaPingPong
{
    private static readonly object s_ball = new();
    private static readonly object s_go = new();

    /// <summary>Plays <paramref name="score"/> to the end with two new actors.</summary>
    public static async Task RunAsync(ActorSystem system, PingPongScore score)
    {
        IActorRef pong = system.ActorOf(Props.Create(typeof(Pong)));
        IActorRef ping = system.ActorOf(Props.Create(typeof(Ping), score, pong));
        try
        {
            ping.Tell(s_go, ActorRefs.NoSender);
            await score.Done.ConfigureAwait(false);
        }
        finally
        {
            system.Stop(ping);
            system.Stop(pong);
        }
    }

    private sealed class Ping(PingPongScore score, IActorRef pong) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (ReferenceEquals(message, s_go))
            {
                score.Start();
                for (int i = 0; i < score.Window; i++)
                {
                    pong.Tell(s_ball, Self);
                }
            }
            else if (score.OnReply())
            {
                pong.Tell(s_ball, Self);
            }
        }
    }

    private sealed class Pong : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message, Self);
    }
}
