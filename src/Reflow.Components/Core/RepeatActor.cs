using Reflow.Actors;

namespace Reflow.Components.Core;

/// <summary>core/Repeat: passes every message on unchanged (one of the three components the FBP protocol's conformance suite needs).</summary>
[Component("core/Repeat", Description = "Passes every message on unchanged, in order.")]
[InPort("in", Description = "Any message.")]
[OutPort("out", Description = "The same message.")]
internal sealed class RepeatActor : Actor
{
    private OutPort _out;

    public override void OnStart(ActorContext context) => _out = context.OutPort("out");

    public override void Receive(ActorContext context) => context.Emit(_out, context.Message);
}
