using Akka.Actor;
using Akka.Configuration;

namespace Reflow.Benchmarks.Peers.AkkaNet;

/// <summary>
/// The Akka.NET 1.5.74 set-up of every suite: one <see cref="ActorSystem"/> per suite, the default dispatcher
/// (<c>default-executor</c>, i.e. the .NET thread pool) with its <c>throughput</c> raised from 30 to 100 messages
/// per actor turn, as Akka's dispatcher documentation advises for throughput over fairness; unbounded default
/// mailboxes (Akka has no bounded mailbox by default); <see cref="UntypedActor"/> actors (no
/// <c>ReceiveActor</c> predicate matching); <c>Tell</c> without a sender unless a reply needs one; logging and
/// dead-letter logging off the hot path.
/// </summary>
public static class AkkaHost
{
    /// <summary>The HOCON every suite's system is created with (the report quotes it).</summary>
    public const string Settings = """
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        akka.suppress-json-serializer-warning = on
        akka.actor.default-dispatcher.throughput = 100
        """;

    /// <summary>A new actor system with <see cref="Settings"/>.</summary>
    public static ActorSystem Create() => ActorSystem.Create("bench", ConfigurationFactory.ParseString(Settings));

    /// <summary>Terminates <paramref name="system"/> and waits (at most 30 s) until it has.</summary>
    public static void Terminate(ActorSystem? system) => system?.Terminate().Wait(TimeSpan.FromSeconds(30));
}
