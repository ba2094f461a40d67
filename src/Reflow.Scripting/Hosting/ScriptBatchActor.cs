using Reflow.Actors;

namespace Reflow.Scripting;

/// <summary>The actor of a script node that takes runs of messages in one call (its declaration says <see cref="ScriptDeclaration.Batch"/>).</summary>
internal sealed class ScriptBatchActor(ScriptNode node, int maxBatchSize) : BatchActor(maxBatchSize)
{
    private readonly ScriptInput[] _inputs = new ScriptInput[maxBatchSize]; // reused: a batch allocates nothing

    public override void OnStart(ActorContext context) => node.Start(context);

    public override void ReceiveBatch(ActorContext context, ReadOnlySpan<BatchMessage> batch)
    {
        var ports = context.Component.InPorts;
        for (int i = 0; i < batch.Length; i++)
        {
            ref readonly BatchMessage item = ref batch[i];
            _inputs[i] = new ScriptInput(item.InPortIndex, ports[item.InPortIndex].Name, item.InPortElement, item.Message);
        }

        try
        {
            node.Engine.ProcessBatch(node.Context, _inputs.AsSpan(0, batch.Length));
        }
        finally
        {
            Array.Clear(_inputs, 0, batch.Length); // no message outlives its batch here
        }
    }

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
