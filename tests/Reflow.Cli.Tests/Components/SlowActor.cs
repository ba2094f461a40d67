using Reflow.Actors;

namespace Reflow.Cli.Tests.Components;

/// <summary>Passes each message on after a tenth of a second: a run whose draining takes long.</summary>
[Component("test/Slow", Description = "Passes each message on after 100 ms.")]
[InPort("in", PortType.Any, Description = "Any message.")]
[OutPort("out", PortType.Any, Description = "The same message, 100 ms later.")]
public sealed class SlowActor : Actor
{
    /// <summary>How long each message takes.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(100);

    private OutPort _out;

    public override void OnStart(ActorContext context) => _out = context.OutPort("out");

    public override void Receive(ActorContext context)
    {
        Thread.Sleep(Delay);
        context.Emit(_out, context.Message);
    }
}
