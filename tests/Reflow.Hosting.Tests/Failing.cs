using Microsoft.Extensions.Logging;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Hosting.Tests;

/// <summary>Throws on the string "boom", forwards everything else; logs through its injected logger.</summary>
[Component("test/Failing")]
[InPort("in", PortType.Any)]
[OutPort("out", PortType.Any)]
public sealed class Failing(ILogger<Failing> logger) : Actor
{
    private static int s_made;
    private readonly int _number = Interlocked.Increment(ref s_made); // which actor instance logged

    public override void Receive(ActorContext context)
    {
        Message message = context.Message;
        if (message.Kind == MessageKind.String && message.AsString() == "boom")
        {
            throw new InvalidOperationException("boom is not a value");
        }

        logger.LogInformation("actor {Actor} passes {Value}", _number, message.ToString());
        context.Emit("out", message);
    }
}
