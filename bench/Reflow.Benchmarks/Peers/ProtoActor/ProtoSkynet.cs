using Proto;

namespace Reflow.Benchmarks.Peers.ProtoActor;

/// <summary>
/// B8 in Proto.Actor, the classic skynet (as in Proto's own spawn benchmark): an actor covering more than one leaf
/// spawns ten children with <c>context.Spawn</c> (one shared <c>Props</c>), sends each its part with the parent's
/// address, sums their answers, answers its parent and stops itself.
/// </summary>
public static class ProtoSkynet
{
    private static readonly Props s_props = ProtoHost.PropsFor(() => new Node(null));

    /// <summary>Runs the tree once; returns the root's answer.</summary>
    public static async Task<long> RunAsync(ActorSystem system, SkynetShape shape)
    {
        var answer = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        PID root = system.Root.Spawn(ProtoHost.PropsFor(() => new Node(answer)));
        system.Root.Send(root, new Start(new SkynetStart(shape.Leaves, 0), null));
        return await answer.Task.ConfigureAwait(false);
    }

    private sealed record Start(SkynetStart Part, PID? Parent);

    private sealed class Node(TaskCompletionSource<long>? answer) : IActor
    {
        private PID? _parent;
        private long _sum;
        private int _pending;

        public Task ReceiveAsync(IContext context)
        {
            switch (context.Message)
            {
                case Start { Part.Leaves: 1 } leaf:
                    Answer(context, leaf.Parent, leaf.Part.First);
                    break;
                case Start start:
                    _parent = start.Parent;
                    _pending = 10;
                    long part = start.Part.Leaves / 10;
                    for (int i = 0; i < 10; i++)
                    {
                        context.Send(context.Spawn(s_props), new Start(new SkynetStart(part, start.Part.First + (i * part)), context.Self));
                    }

                    break;
                case long value:
                    _sum += value;
                    if (--_pending == 0)
                    {
                        Answer(context, _parent, _sum);
                    }

                    break;
            }

            return Task.CompletedTask;
        }

        private void Answer(IContext context, PID? parent, long value)
        {
            if (parent is null)
            {
                answer!.TrySetResult(value);
            }
            else
            {
                context.Send(parent, value);
            }

            context.Stop(context.Self);
        }
    }
}
