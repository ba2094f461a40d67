using Reflow.Actors;
using Reflow.Components.Infrastructure;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Fork: copies each message to <c>out1</c> … <c>outN</c>. A copy is 16 bytes: payloads are shared, never
/// cloned. (Connecting one out-port to several in-ports fans out too; Fork names the branches.)
/// </summary>
[Component("flow/Fork", Description = "Copies each message to 'out1' … 'outN' (N = 'outputs'), in port order. Payloads are shared, not cloned.")]
[InPort("in", Description = "Any message.")]
[OutPort("out1", Description = "A copy.")]
[OutPort("out2", Description = "A copy.")]
[OutPort("out3", Description = "A copy, when outputs ≥ 3.")]
[OutPort("out4", Description = "A copy, when outputs ≥ 4.")]
[OutPort("out5", Description = "A copy, when outputs ≥ 5.")]
[OutPort("out6", Description = "A copy, when outputs ≥ 6.")]
[OutPort("out7", Description = "A copy, when outputs ≥ 7.")]
[OutPort("out8", Description = "A copy, when outputs = 8.")]
[Config("outputs", ConfigType.Integer, DefaultJson = "2", Minimum = 1, Description = "How many of the out-ports get copies (1-8); the others are not emitted on, so they need no edge.")]
internal sealed class ForkActor : StandardActor
{
    private int _outputs;

    protected override void Start(ActorContext context)
    {
        _outputs = GetInt32(context, "outputs", 2);
        if (_outputs > context.Component.OutPorts.Length)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'outputs' is {_outputs}, but there are {context.Component.OutPorts.Length} out-ports"]);
        }
    }

    protected override void Handle(ActorContext context)
    {
        for (int i = 0; i < _outputs; i++)
        {
            context.Emit(new OutPort(i), context.Message);
        }
    }
}
