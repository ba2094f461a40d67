using Reflow.Actors;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Merge: messages from any of its in-ports go on through one out-port, each input's order kept. (Several
/// edges into one in-port merge too; Merge names the inputs.)
/// </summary>
[Component("flow/Merge", Description = "Passes messages from 'in1' … 'in8' on to 'out' as they arrive; the order of each input is kept, inputs interleave.")]
[InPort("in1", Description = "Any message.")]
[InPort("in2", Description = "Any message.")]
[InPort("in3", Description = "Any message.")]
[InPort("in4", Description = "Any message.")]
[InPort("in5", Description = "Any message.")]
[InPort("in6", Description = "Any message.")]
[InPort("in7", Description = "Any message.")]
[InPort("in8", Description = "Any message.")]
[OutPort("out", Description = "Every message.")]
internal sealed class MergeActor : Actor
{
    private OutPort _out;

    public override void OnStart(ActorContext context) => _out = context.OutPort("out");

    public override void Receive(ActorContext context) => context.Emit(_out, context.Message);
}
