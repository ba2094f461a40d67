using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Cli.Tests.Components;

[Component("test/Count", Description = "A source: emits 1, 2, … up to its 'count' metadata (default 10).")]
[OutPort("out", PortType.Integer, Description = "The numbers.")]
public sealed class CountActor : SourceActor
{
    private OutPort _out;
    private long _next = 1;
    private long _count;

    public override void OnStart(ActorContext context)
    {
        _out = context.OutPort("out");
        // .fbp metadata values are strings; JSON graphs may give a number.
        _count = context.Configuration.TryGetValue("count", out Message count)
            ? count.TryGetString(out string? text) ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : count.AsInteger()
            : 10;
    }

    public override SourceStatus Produce(ActorContext context)
    {
        for (int i = 0; i < 100 && _next <= _count; i++)
        {
            context.Emit(_out, Message.Integer(_next++));
        }

        return _next <= _count ? SourceStatus.More : SourceStatus.Done;
    }
}
