using Reflow.Actors;
using Reflow.Components.Infrastructure;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Fork: copies each message to every connected index of its addressable <c>out</c> (what NoFlo's core/Split
/// does: <c>fork OUT[0] -> …</c>, <c>fork OUT[1] -> …</c>) and to the named <c>out1</c> … <c>outN</c>. A copy is 16
/// bytes: payloads are shared, never cloned. (Connecting one plain out-port to several in-ports fans out too; Fork
/// names or numbers the branches.)
/// </summary>
[Component("flow/Fork", Description = "Copies each message to every connected index of 'out' (out[0], out[1], …: NoFlo's core/Split) and to 'out1' … 'outN' (N = 'outputs'), in that order. Payloads are shared, not cloned.")]
[InPort("in", Description = "Any message.")]
[OutPort("out", Description = "A copy on every connected index (an addressable port: out[0], out[1], …).", Addressable = true)]
[OutPort("out1", Description = "A copy, when outputs ≥ 1.")]
[OutPort("out2", Description = "A copy, when outputs ≥ 2.")]
[OutPort("out3", Description = "A copy, when outputs ≥ 3.")]
[OutPort("out4", Description = "A copy, when outputs ≥ 4.")]
[OutPort("out5", Description = "A copy, when outputs ≥ 5.")]
[OutPort("out6", Description = "A copy, when outputs ≥ 6.")]
[OutPort("out7", Description = "A copy, when outputs ≥ 7.")]
[OutPort("out8", Description = "A copy, when outputs = 8.")]
[Config("outputs", ConfigType.Integer, DefaultJson = "2", Minimum = 0, Description = "How many of the named out-ports out1 … out8 get copies (0-8); the others are not emitted on, so they need no edge. When not set: 2, or 0 if 'out' is connected (so a graph that numbers its branches drops nothing).")]
internal sealed class ForkActor : StandardActor
{
    private const int NamedOutputs = 8;
    private OutPort _out;
    private OutPort _first;
    private bool _numbered;
    private int _outputs;

    protected override void Start(ActorContext context)
    {
        _out = context.OutPort("out");
        _first = context.OutPort("out1"); // out1 … out8 are declared in a row
        _numbered = context.OutPortWidth(_out) > 0;
        _outputs = context.Configuration.TryGetValue("outputs", out _) || !_numbered ? GetInt32(context, "outputs", 2) : 0;
        if (_outputs > NamedOutputs)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'outputs' is {_outputs}, but there are {NamedOutputs} named out-ports (out1 … out{NamedOutputs})"]);
        }
    }

    protected override void Handle(ActorContext context)
    {
        if (_numbered)
        {
            context.Emit(_out, context.Message); // every edge of the port: each connected index gets its copy
        }

        for (int i = 0; i < _outputs; i++)
        {
            context.Emit(new OutPort(_first.Index + i), context.Message);
        }
    }
}
