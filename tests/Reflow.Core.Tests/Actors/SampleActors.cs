using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Actors;

[Component("math/Add", Description = "Adds two numbers.", InputMode = InputMode.AwaitAllInPorts)]
[InPort("a", PortType.Integer, Description = "left", Required = true)]
[InPort("b", PortType.Integer, DefaultJson = "10")]
[OutPort("sum", PortType.Integer, Description = "a + b")]
[OutPort("error", PortType.Error)]
public sealed class AddActor : Actor
{
    private OutPort _sum;

    public override void OnStart(ActorContext context) => _sum = context.OutPort("sum");

    public override void Receive(ActorContext context)
    {
        context.TryGetInput("a", out Message a);
        context.TryGetInput("b", out Message b);
        context.Emit(_sum, Message.Integer(a.AsInteger() + b.AsInteger()));
    }
}

[InPort("in")]
[OutPort("count", PortType.Integer)]
public sealed class CountingActor : Actor
{
    private long _count;

    public override void Receive(ActorContext context) => context.Emit("count", Message.Integer(++_count));
}

[Component("test/Numbers")]
[OutPort("out", PortType.Integer)]
public sealed class NumbersSource : SourceActor
{
    private long _next;

    public override SourceStatus Produce(ActorContext context)
    {
        context.Emit("out", Message.Integer(_next++));
        return _next < 3 ? SourceStatus.More : SourceStatus.Done;
    }
}

[InPort("in")]
[InPort("in")]
public sealed class DuplicatePortActor : Actor
{
    public override void Receive(ActorContext context)
    {
    }
}

[InPort("in", PortType.Integer, DefaultJson = "{not json")]
public sealed class BadDefaultActor : Actor
{
    public override void Receive(ActorContext context)
    {
    }
}

[InPort("in", PortType.Integer, DefaultJson = "\"text\"")]
public sealed class WrongDefaultTypeActor : Actor
{
    public override void Receive(ActorContext context)
    {
    }
}

[InPort("in")]
[OutPort("out")]
public sealed class SourceWithInPort : SourceActor
{
    public override SourceStatus Produce(ActorContext context) => SourceStatus.Done;
}

[InPort("in", Addressable = true)]
[InPort("control")]
[OutPort("out", Addressable = true, MaxIndex = 3)]
[OutPort("log")]
public sealed class ArrayPortActor : Actor
{
    public override void Receive(ActorContext context)
    {
    }
}

[OutPort("out", MaxIndex = 3)]
public sealed class MaxIndexWithoutAddressableActor : Actor
{
    public override void Receive(ActorContext context)
    {
    }
}

[InPort("in", Addressable = true, MaxIndex = 70_000)]
public sealed class MaxIndexPastTheLimitActor : Actor
{
    public override void Receive(ActorContext context)
    {
    }
}
