using Reflow.Actors;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Merge: messages from any of its in-ports — any index of the addressable <c>in</c> (<c>IN[0]</c>,
/// <c>IN[1]</c>, …, as NoFlo's core/Merge is used) or the named <c>in1</c> … <c>in8</c> — go on through one out-port,
/// each input's order kept. (Several edges into one plain in-port merge too; Merge names or numbers the inputs.)
/// </summary>
[Component("flow/Merge", Description = "Passes messages from every index of 'in' (in[0], in[1], …) and from 'in1' … 'in8' on to 'out' as they arrive; the order of each input is kept, inputs interleave.")]
[InPort("in", Description = "Any message, on any index (an addressable port: in[0], in[1], …).", Addressable = true)]
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
