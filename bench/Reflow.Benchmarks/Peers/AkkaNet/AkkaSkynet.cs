using Akka.Actor;

namespace Reflow.Benchmarks.Peers.AkkaNet;

/// <summary>
/// B8 in Akka.NET, the classic skynet: an actor told to cover more than one leaf spawns ten children with
/// <c>Context.ActorOf</c> (one shared, argument-free <c>Props</c>, so no expression is compiled per actor), tells
/// each its part, sums their ten answers, answers its parent (the sender of its start message) and stops itself.
/// </summary>
public static class AkkaSkynet
{
    private static readonly Props s_props = Props.Create<Node>();

    /// <summary>Runs the tree once; returns the root's answer.</summary>
    public static async Task<long> RunAsync(ActorSystem system, SkynetShape shape)
    {
        var answer = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        IActorRef top = system.ActorOf(Props.Create(() => new Top(answer)));
        top.Tell(new SkynetStart(shape.Leaves, 0), ActorRefs.NoSender);
        long sum = await answer.Task.ConfigureAwait(false);
        system.Stop(top);
        return sum;
    }

    /// <summary>Spawns the root and hands its answer to the benchmark.</summary>
    private sealed class Top(TaskCompletionSource<long> answer) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is SkynetStart start)
            {
                Context.ActorOf(s_props).Tell(start, Self);
            }
            else
            {
                answer.TrySetResult((long)message);
            }
        }
    }

    private sealed class Node : UntypedActor
    {
        private IActorRef? _parent;
        private long _sum;
        private int _pending;

        protected override void OnReceive(object message)
        {
            if (message is SkynetStart start)
            {
                if (start.Leaves == 1)
                {
                    Sender.Tell(start.First, ActorRefs.NoSender);
                    Context.Stop(Self);
                    return;
                }

                _parent = Sender;
                _pending = 10;
                long part = start.Leaves / 10;
                for (int i = 0; i < 10; i++)
                {
                    Context.ActorOf(s_props).Tell(new SkynetStart(part, start.First + (i * part)), Self);
                }
            }
            else
            {
                _sum += (long)message;
                if (--_pending == 0)
                {
                    _parent!.Tell(_sum, ActorRefs.NoSender);
                    Context.Stop(Self);
                }
            }
        }
    }
}
