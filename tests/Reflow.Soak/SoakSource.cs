using Reflow.Actors;

namespace Reflow.Soak;

/// <summary>Produces the plan's messages for its node, in chunks, recording each on every logical edge out of it.</summary>
[Component("soak/Source", Description = "Produces the soak plan's messages for this node.")]
[OutPort("out", PortType.String)]
internal sealed class SoakSource(GraphState state) : SourceActor
{
    private const int Chunk = 64;
    private IReadOnlyList<SoakMessage> _messages = [];
    private OutPort _out;
    private int _next;

    public override void OnStart(ActorContext context)
    {
        _out = context.OutPort("out");
        _messages = state.Plan.Node(context.NodeId).Messages;
    }

    public override SourceStatus Produce(ActorContext context)
    {
        for (int end = Math.Min(_messages.Count, _next + Chunk); _next < end; _next++)
        {
            SoakMessage message = _messages[_next];
            state.Produced(context.NodeId, message);
            context.Emit(_out, message.ToMessage());
        }

        return _next < _messages.Count ? SourceStatus.More : SourceStatus.Done;
    }
}
