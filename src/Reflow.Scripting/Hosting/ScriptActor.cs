using Reflow.Actors;

namespace Reflow.Scripting;

/// <summary>The actor of a script node that takes one message per call.</summary>
internal sealed class ScriptActor(ScriptNode node) : Actor
{
    public override void OnStart(ActorContext context) => node.Start(context);

    public override void Receive(ActorContext context) =>
        node.Engine.Process(node.Context, new ScriptInput(context.InPortIndex, context.InPortName, context.InPortElement, context.Message));

    public override void OnBracket(ActorContext context) =>
        node.Engine.OnBracket(node.Context, new ScriptInput(context.InPortIndex, context.InPortName, context.InPortElement, context.Message));

    public override void OnInputsClosed(ActorContext context)
    {
        if (node.Started)
        {
            node.Engine.OnInputsClosed(node.Context); // a node whose start failed has nothing to finish
        }
    }

    public override void OnStop(ActorContext context) => node.Stop();
}
