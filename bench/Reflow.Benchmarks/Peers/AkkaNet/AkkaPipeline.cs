using Akka.Actor;

namespace Reflow.Benchmarks.Peers.AkkaNet;

/// <summary>
/// A <see cref="PipelineShape"/> in Akka.NET (<see cref="AkkaHost"/>): one actor per relay and one for the sink,
/// the producer is the calling thread telling boxed longs to the first stage. Mailboxes are unbounded, so the
/// producer never waits and the backlog grows in memory instead.
/// </summary>
public static class AkkaPipeline
{
    /// <summary>Runs one pass of <paramref name="shape"/>; returns when the sink has every message.</summary>
    public static async Task<ProducerResult> RunAsync(ActorSystem system, PipelineShape shape, PipelineSink sink, double messagesPerSecond = 0)
    {
        shape.Validate();
        var actors = new List<IActorRef> { system.ActorOf(Props.Create(typeof(SinkActor), sink)) };
        IActorRef next = actors[0];
        for (int stage = shape.Stages - 2; stage >= 2; stage--)
        {
            next = system.ActorOf(Props.Create(typeof(RelayActor), next));
            actors.Add(next);
        }

        IActorRef[] first = shape.Stages == 2 ? [next] : [.. Enumerable.Range(0, shape.Width).Select(_ => system.ActorOf(Props.Create(typeof(RelayActor), next)))];
        actors.AddRange(shape.Stages == 2 ? [] : first);
        try
        {
            ProducerResult produced = await HostProducer.RunAsync(new Inlet(first), shape.Messages, messagesPerSecond).ConfigureAwait(false);
            await sink.Done.ConfigureAwait(false);
            return produced;
        }
        finally
        {
            actors.ForEach(system.Stop);
        }
    }

    private readonly struct Inlet(IActorRef[] targets) : IPipelineInlet
    {
        public ValueTask SendAsync(long value)
        {
            object message = value; // Akka messages are objects: one box per message, shared by the fan-out
            foreach (IActorRef target in targets)
            {
                target.Tell(message, ActorRefs.NoSender);
            }

            return ValueTask.CompletedTask;
        }

        public void Complete()
        {
        }
    }

    private sealed class RelayActor(IActorRef next) : UntypedActor
    {
        protected override void OnReceive(object message) => next.Tell(message, ActorRefs.NoSender);
    }

    private sealed class SinkActor(PipelineSink sink) : UntypedActor
    {
        protected override void OnReceive(object message) => sink.Accept((long)message);
    }
}
