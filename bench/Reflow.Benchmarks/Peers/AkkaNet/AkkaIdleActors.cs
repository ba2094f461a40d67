using Akka.Actor;

namespace Reflow.Benchmarks.Peers.AkkaNet;

/// <summary>
/// B7 in Akka.NET: <c>actors</c> top-level actors from one <c>Props</c>, each told one message, in a fresh
/// system (created before the measurement starts, terminated in the teardown).
/// </summary>
public static class AkkaIdleActors
{
    /// <summary>Starts the actors; returns the teardown.</summary>
    public static Task<Func<Task>> StartAsync(ActorSystem system, int actors, Countdown handled)
    {
        Props props = Props.Create(() => new Idle(handled));
        object hello = 1L;
        for (int i = 0; i < actors; i++)
        {
            system.ActorOf(props).Tell(hello, ActorRefs.NoSender);
        }

        return Task.FromResult<Func<Task>>(() => system.Terminate());
    }

    private sealed class Idle(Countdown handled) : UntypedActor
    {
        protected override void OnReceive(object message) => handled.Signal();
    }
}
