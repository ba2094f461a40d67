using Proto;
using Proto.Mailbox;

namespace Reflow.Benchmarks.Peers.ProtoActor;

/// <summary>
/// The Proto.Actor 1.8.0 set-up of every suite: a default <see cref="ActorSystem"/>, actors spawned from the
/// root context with the thread-pool dispatcher at a throughput of 300 messages per mailbox run (the library's
/// default dispatcher, stated explicitly so the report can quote it; Proto's own in-process benchmark tunes this
/// setting), default unbounded mailboxes, <c>Send</c> (never <c>Request</c>: no envelope per message) and the
/// reply address carried in the message, as Proto's in-process ping-pong benchmark does.
/// </summary>
public static class ProtoHost
{
    /// <summary>Messages a mailbox processes per run before yielding its thread.</summary>
    public const int Throughput = 300;

    private static readonly IDispatcher s_dispatcher = new ThreadPoolDispatcher { Throughput = Throughput };

    /// <summary>A new actor system with the default configuration.</summary>
    public static ActorSystem Create() => new();

    /// <summary>Props for <paramref name="producer"/> on the benchmark dispatcher.</summary>
    public static Props PropsFor(Producer producer) => Props.FromProducer(producer).WithDispatcher(s_dispatcher);

    /// <summary>Shuts <paramref name="system"/> down and waits (at most 30 s).</summary>
    public static void Shutdown(ActorSystem? system) => system?.ShutdownAsync("benchmark done").Wait(TimeSpan.FromSeconds(30));
}
