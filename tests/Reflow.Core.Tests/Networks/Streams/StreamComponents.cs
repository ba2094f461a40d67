using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Networks.Streams;

/// <summary>
/// Components that write down what the stream looks like from inside a node: every message, bracket, closed port and
/// the end of the input, as lines in one shared log (each node's lines are in its own order: one thread at a time).
/// </summary>
internal sealed class StreamLog
{
    private readonly ConcurrentQueue<(string Node, string Line)> _lines = new();

    public void Add(string node, string line) => _lines.Enqueue((node, line));

    /// <summary>What <paramref name="node"/> saw, in its order.</summary>
    public List<string> Of(string node) => _lines.Where(l => l.Node == node).Select(l => l.Line).ToList();

    public static string Describe(Message message) => message.Kind switch
    {
        MessageKind.OpenBracket => message.TryGetBracketValue(out Message v) ? $"<{v.AsString()}" : "<",
        MessageKind.CloseBracket => message.TryGetBracketValue(out Message v) ? $"{v.AsString()}>" : ">",
        MessageKind.Integer => message.AsInteger().ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => message.Kind.ToString(),
    };

    /// <summary>
    /// A relay that logs each message and forwards it on <c>out</c>; brackets are left to the default (forwarded, and
    /// logged here only through <see cref="Actor.OnBracket"/> when <paramref name="logBrackets"/>).
    /// </summary>
    public Component Relay(string name = "test/StreamRelay", bool logBrackets = true) => Component.FromFactory(
        new ComponentDescription(name, [new("in")], [new("out"), new("error", PortType.Error)]),
        () => new RelayActor(this, logBrackets));

    /// <summary>Counts what arrives on <c>in</c>: one count per bracket group (before the close bracket) and one at the end of the stream for what came outside groups.</summary>
    public Component Counter() => Component.FromFactory(
        new ComponentDescription("test/StreamCounter", [new("in")], [new("out")]),
        () => new CounterActor(this));

    private sealed class RelayActor(StreamLog log, bool logBrackets) : Actor
    {
        public override void Receive(ActorContext context)
        {
            log.Add(context.NodeId, Describe(context.Message));
            context.Emit("out", context.Message);
        }

        public override void OnBracket(ActorContext context)
        {
            if (logBrackets)
            {
                log.Add(context.NodeId, Describe(context.Message));
            }

            base.OnBracket(context);
        }

        public override void OnInPortClosed(ActorContext context, int inPort, int index) =>
            log.Add(context.NodeId, $"closed {context.Component.InPorts[inPort].Name}{(index >= 0 ? $"[{index}]" : "")}");

        public override void OnInputsClosed(ActorContext context) => log.Add(context.NodeId, "end");

        public override void OnStop(ActorContext context) => log.Add(context.NodeId, "stop");
    }

    private sealed class CounterActor(StreamLog log) : Actor
    {
        private readonly Stack<long> _groups = new();
        private long _outside;

        public override void Receive(ActorContext context)
        {
            if (_groups.Count > 0)
            {
                _groups.Push(_groups.Pop() + 1);
            }
            else
            {
                _outside++;
            }
        }

        public override void OnBracket(ActorContext context)
        {
            if (context.Message.IsOpenBracket)
            {
                context.ForwardBracket();
                _groups.Push(0);
                return;
            }

            context.Emit("out", Message.Integer(_groups.Pop()));
            context.ForwardBracket();
        }

        public override void OnInputsClosed(ActorContext context)
        {
            log.Add(context.NodeId, $"total {_outside}");
            context.Emit("out", Message.Integer(_outside));
        }
    }
}
