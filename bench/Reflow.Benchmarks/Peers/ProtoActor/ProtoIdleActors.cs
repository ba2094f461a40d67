using Proto;

namespace Reflow.Benchmarks.Peers.ProtoActor;

/// <summary>
/// B7 in Proto.Actor: <c>actors</c> actors spawned from the root context with one <c>Props</c>, each sent one
/// message, in a fresh system (created before the measurement starts, shut down in the teardown).
/// </summary>
public static class ProtoIdleActors
{
    /// <summary>Starts the actors; returns the teardown.</summary>
    public static Task<Func<Task>> StartAsync(ActorSystem system, int actors, Countdown handled)
    {
        Props props = ProtoHost.PropsFor(() => new Idle(handled));
        object hello = 1L;
        for (int i = 0; i < actors; i++)
        {
            system.Root.Send(system.Root.Spawn(props), hello);
        }

        return Task.FromResult<Func<Task>>(() => system.ShutdownAsync("benchmark done"));
    }

    private sealed class Idle(Countdown handled) : IActor
    {
        public Task ReceiveAsync(IContext context)
        {
            if (context.Message is long)
            {
                handled.Signal();
            }

            return Task.CompletedTask;
        }
    }
}
