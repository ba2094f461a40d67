using Proto;

namespace Reflow.Benchmarks.Peers.ProtoActor;

/// <summary>
/// A <see cref="PipelineShape"/> in Proto.Actor (<see cref="ProtoHost"/>): one actor per relay and one for the
/// sink, the producer is the calling thread sending boxed longs from the root context. Mailboxes are unbounded,
/// so the producer never waits and the backlog grows in memory instead.
/// </summary>
public static class ProtoPipeline
{
    /// <summary>Runs one pass of <paramref name="shape"/>; returns when the sink has every message.</summary>
    public static async Task<ProducerResult> RunAsync(ActorSystem system, PipelineShape shape, PipelineSink sink, double messagesPerSecond = 0)
    {
        shape.Validate();
        IRootContext root = system.Root;
        var actors = new List<PID> { root.Spawn(ProtoHost.PropsFor(() => new SinkActor(sink))) };
        PID next = actors[0];
        for (int stage = shape.Stages - 2; stage >= 2; stage--)
        {
            PID target = next;
            next = root.Spawn(ProtoHost.PropsFor(() => new RelayActor(target)));
            actors.Add(next);
        }

        PID last = next;
        PID[] first = shape.Stages == 2 ? [next] : [.. Enumerable.Range(0, shape.Width).Select(_ => root.Spawn(ProtoHost.PropsFor(() => new RelayActor(last))))];
        actors.AddRange(shape.Stages == 2 ? [] : first);
        try
        {
            ProducerResult produced = await HostProducer.RunAsync(new Inlet(root, first), shape.Messages, messagesPerSecond).ConfigureAwait(false);
            await sink.Done.ConfigureAwait(false);
            return produced;
        }
        finally
        {
            actors.ForEach(root.Stop);
        }
    }

    private readonly struct Inlet(IRootContext root, PID[] targets) : IPipelineInlet
    {
        public ValueTask SendAsync(long value)
        {
            object message = value; // Proto messages are objects: one box per message, shared by the fan-out
            foreach (PID target in targets)
            {
                root.Send(target, message);
            }

            return ValueTask.CompletedTask;
        }

        public void Complete()
        {
        }
    }

    private sealed class RelayActor(PID next) : IActor
    {
        public Task ReceiveAsync(IContext context)
        {
            if (context.Message is long)
            {
                context.Send(next, context.Message); // the boxed value goes on as it is
            }

            return Task.CompletedTask;
        }
    }

    private sealed class SinkActor(PipelineSink sink) : IActor
    {
        public Task ReceiveAsync(IContext context)
        {
            if (context.Message is long value)
            {
                sink.Accept(value);
            }

            return Task.CompletedTask;
        }
    }
}
