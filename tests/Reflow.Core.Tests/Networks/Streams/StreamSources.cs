using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Networks.Streams;

/// <summary>Sources for the stream tests.</summary>
internal static class StreamSources
{
    /// <summary>Emits <paramref name="messages"/> in order, three per Produce call, then is done.</summary>
    public static Component Emitting(params Message[] messages) => Component.FromFactory(
        new ComponentDescription("test/Emitting", outPorts: [new("out")]),
        () => new EmittingSource(messages));

    /// <summary>Open bracket <paramref name="name"/>, the integers <paramref name="values"/>, close bracket <paramref name="name"/>.</summary>
    public static Message[] Group(string name, params long[] values) =>
        [Message.OpenBracket(Message.String(name)), .. values.Select(Message.Integer), Message.CloseBracket(Message.String(name))];

    /// <summary>Integers <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static Message[] Range(long from, long to) => [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => Message.Integer(i))];

    private sealed class EmittingSource(Message[] messages) : SourceActor
    {
        private int _next;

        public override SourceStatus Produce(ActorContext context)
        {
            for (int i = 0; i < 3 && _next < messages.Length; i++)
            {
                context.Emit("out", messages[_next++]);
            }

            return _next < messages.Length ? SourceStatus.More : SourceStatus.Done;
        }
    }
}
