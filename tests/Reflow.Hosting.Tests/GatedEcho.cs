using Reflow.Actors;

namespace Reflow.Hosting.Tests;

/// <summary>Forwards each message once the injected <see cref="Gate"/> is open, after a short await (work in flight).</summary>
[Component("test/GatedEcho")]
[InPort("in", PortType.Any)]
[OutPort("out", PortType.Any)]
public sealed class GatedEcho(Gate gate) : AsyncActor
{
    public override async ValueTask ReceiveAsync(ActorContext context, CancellationToken cancellationToken)
    {
        gate.Arrive();
        await gate.WhenOpen.WaitAsync(cancellationToken);
        await Task.Delay(1, cancellationToken);
        context.Emit("out", context.Message);
    }
}
