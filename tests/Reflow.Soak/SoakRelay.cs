using Reflow.Actors;

namespace Reflow.Soak;

/// <summary>
/// The C# relay: records what it receives, throws when a message's fault marker aims at it, and re-emits each
/// message under a fresh id of its own (so fan-in never repeats an id on its out-edges), recorded on every logical
/// edge out of it. Not sealed: the harness's tests derive deliberately broken relays from it.
/// </summary>
[Component("soak/Relay", Description = "Records, maybe throws, re-emits under a fresh id.")]
[InPort("in", PortType.String)]
[OutPort("out", PortType.String)]
internal class SoakRelay(GraphState state) : Actor
{
    private OutPort _out;

    protected GraphState State => state;

    public override void OnStart(ActorContext context) => _out = context.OutPort("out");

    public override void Receive(ActorContext context)
    {
        SoakMessage message = SoakMessage.TryParse(context.Message)
            ?? throw new InvalidDataException($"Node '{context.NodeId}' received '{context.Message}', not a soak message (from|id|fault).");
        string node = context.NodeId;
        RelayPolicy policy = state.Plan.Node(node).Policy;
        if (message.Fault == $"throw@{node}")
        {
            state.Faults.Add(policy switch
            {
                RelayPolicy.Resume => FaultKind.ThrowResume,
                RelayPolicy.Restart => FaultKind.ThrowRestart,
                RelayPolicy.Stop => FaultKind.ThrowStop,
                RelayPolicy.Retry => FaultKind.ThrowRetry,
                _ => FaultKind.ThrowCircuitBreaker,
            });
            throw new InjectedFaultException($"injected failure in '{node}' on {message}");
        }

        if (message.Fault == $"flaky@{node}" && state.FirstAttempt(node, message.Id))
        {
            state.Faults.Add(policy == RelayPolicy.Retry ? FaultKind.ThrowRetrySucceeded : FaultKind.ThrowResume);
            throw new InjectedFaultException($"injected first-attempt failure in '{node}' on {message}");
        }

        state.Received(node, message);
        Forward(context, message);
    }

    protected void Forward(ActorContext context, SoakMessage received)
    {
        var next = received with { From = context.NodeId, Id = state.NextId(context.NodeId) };
        state.Produced(context.NodeId, next);
        context.Emit(_out, next.ToMessage());
    }
}
