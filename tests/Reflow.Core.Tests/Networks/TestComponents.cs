using System.Collections.Concurrent;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

/// <summary>Small components and helpers shared by the runtime tests.</summary>
internal static class TestComponents
{
    /// <summary>How long a test waits before it calls a run hung: a failure, never a synchronisation.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    /// <summary>A source of Integer 1 .. <paramref name="count"/>, eight per Produce call.</summary>
    public static Component Numbers(long count) => Component.FromFactory(
        new ComponentDescription("test/Numbers", outPorts: [new("out", PortType.Integer)]),
        () => new NumbersSource(count));

    private sealed class NumbersSource(long count) : SourceActor
    {
        private long _next;

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < 8 && _next < count; i++)
            {
                context.Emit("out", Message.Integer(++_next));
            }

            return _next < count ? SourceStatus.More : SourceStatus.Done;
        }
    }

    /// <summary>Collects every message it receives.</summary>
    public static Component Collect(ConcurrentQueue<Message> into) => Component.FromFunc(
        new ComponentDescription("test/Collect", [new("in")], []),
        context => into.Enqueue(context.Message));

    /// <summary>An Integer relay that calls <paramref name="act"/> (which may throw) before passing the value on; it has an error port.</summary>
    public static Component Relay(Action<long> act) => Component.FromFunc(
        new ComponentDescription("test/Relay", [new("in", PortType.Integer)], [new("out", PortType.Integer), new("error", PortType.Error)]),
        context =>
        {
            act(context.Message.AsInteger());
            context.Emit("out", context.Message);
        });

    /// <summary>Reads a channel to the end.</summary>
    public static async Task<List<T>> ReadAll<T>(ChannelReader<T> reader)
    {
        var items = new List<T>();
        await foreach (T item in reader.ReadAllAsync().ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Waits for the first event of <paramref name="kind"/> (and node, if given); fails the test if the stream ends first.</summary>
    public static async Task<NetworkEvent> WaitFor(ChannelReader<NetworkEvent> events, NetworkEventKind kind, string? node = null)
    {
        using var timeout = new CancellationTokenSource(HangLimit);
        await foreach (NetworkEvent e in events.ReadAllAsync(timeout.Token).ConfigureAwait(false))
        {
            if (e.Kind == kind && (node is null || e.NodeId == node))
            {
                return e;
            }
        }

        throw new InvalidOperationException($"The event stream ended without a {kind} event.");
    }
}
