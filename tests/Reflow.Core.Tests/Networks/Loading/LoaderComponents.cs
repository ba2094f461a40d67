using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Loading;

/// <summary>Small components for loading graphs into networks, and a registry of them whose sink records what arrives.</summary>
internal sealed class LoaderComponents
{
    /// <summary>What reached <c>test/Collect</c>: the port name the actor saw and the message, in arrival order.</summary>
    public ConcurrentQueue<(string Port, Message Message)> Collected { get; } = new();

    /// <summary>How many actors were created (to show that a graph that fails to load runs nothing).</summary>
    public int ActorsCreated => _actorsCreated;

    private int _actorsCreated;

    public ComponentRegistry CreateRegistry() => new ComponentRegistry()
        .Add(Counted(Numbers()))
        .Add(Counted(Scale()))
        .Add(Counted(Add()))
        .Add(Counted(Words()))
        .Add(Counted(Needs()))
        .Add(Counted(Collect(Collected)));

    /// <summary>A case-sensitive graph <c>numbers(test/Numbers) out -&gt; in scale(test/Scale)</c> plus a lone <c>collect(test/Collect)</c>.</summary>
    public static Graph NumbersIntoScale(GraphMetadata? edge = null)
    {
        var graph = new Graph(caseSensitive: true);
        graph.AddNode("numbers", "test/Numbers");
        graph.AddNode("scale", "test/Scale");
        graph.AddNode("collect", "test/Collect");
        graph.Connect("numbers", "out", "scale", "in", edge);
        return graph;
    }

    /// <summary>The collected values (Integers) in arrival order.</summary>
    public long[] Values() => [.. Collected.Select(c => c.Message.AsInteger())];

    /// <summary>Runs a network to completion on two workers.</summary>
    public static async Task<NetworkRunResult> Run(NetworkDefinition definition)
    {
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        return await network.RunAsync().WaitAsync(TestComponents.HangLimit);
    }

    /// <summary><c>test/Numbers</c>: a source of the Integers 1 .. the node's <c>count</c> configuration (5 by default).</summary>
    private static Component Numbers() => Component.FromFactory(
        new ComponentDescription("test/Numbers", outPorts: [new("out", PortType.Integer)]),
        () => new NumbersSource());

    /// <summary><c>test/Scale</c>: <c>in</c> times the last <c>factor</c> (1 by default).</summary>
    private static Component Scale() => Component.FromFunc(
        new ComponentDescription("test/Scale", [new("in", PortType.Integer), new("factor", PortType.Integer, Default: Message.Integer(1))], [new("out", PortType.Integer)]),
        () => new long[1],
        (context, factor) => Apply(context, factor, "factor", (x, f) => x * f));

    /// <summary><c>test/Add</c>: <c>in</c> plus the last <c>by</c> (0 by default) plus the node's <c>offset</c> configuration.</summary>
    private static Component Add() => Component.FromFunc(
        new ComponentDescription("test/Add", [new("in", PortType.Integer), new("by", PortType.Integer, Default: Message.Integer(0))], [new("out", PortType.Integer)]),
        () => new long[1],
        (context, by) => Apply(context, by, "by", (x, b) => x + b + context.Configuration.GetInteger("offset", 0)));

    /// <summary><c>test/Words</c>: a String for every signal on <c>start</c>.</summary>
    private static Component Words() => Component.FromFunc(
        new ComponentDescription("test/Words", [new("start", PortType.Flow)], [new("out", PortType.String)]),
        context => context.Emit("out", Message.String("word")));

    /// <summary><c>test/Needs</c>: a sink with a required in-port <c>in</c> and no default.</summary>
    private static Component Needs() => Component.FromFunc(
        new ComponentDescription("test/Needs", [new("in", Required: true)], []),
        _ => { });

    /// <summary><c>test/Collect</c>: records every message with the name of the port it arrived on (<c>in</c> or <c>Value</c>).</summary>
    private static Component Collect(ConcurrentQueue<(string, Message)> into) => Component.FromFunc(
        new ComponentDescription("test/Collect", [new("in"), new("Value")], []),
        context => into.Enqueue((context.InPortName, context.Message)));

    private static void Apply(ActorContext context, long[] parameter, string parameterPort, Func<long, long, long> f)
    {
        if (context.InPortName == parameterPort)
        {
            parameter[0] = context.Message.AsInteger();
        }
        else
        {
            context.Emit("out", Message.Integer(f(context.Message.AsInteger(), parameter[0])));
        }
    }

    private Component Counted(Component component) => Component.FromFactory(component.Description, () =>
    {
        Interlocked.Increment(ref _actorsCreated);
        return component.CreateActor();
    });

    private sealed class NumbersSource : SourceActor
    {
        private long _next;

        public override SourceStatus Produce(ActorContext context)
        {
            long count = context.Configuration.GetInteger("count", 5);
            if (_next < count)
            {
                context.Emit("out", Message.Integer(++_next));
            }

            return _next < count ? SourceStatus.More : SourceStatus.Done;
        }
    }
}
