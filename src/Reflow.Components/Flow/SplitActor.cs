using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Split: an Array becomes its elements, one message each, in order; with <c>indexed</c> each element is wrapped
/// with its position and the array's length, which is how flow/Collect in <c>indexed</c> mode puts the array back
/// together (the substream's bracket travels with every item).
/// </summary>
[Component("flow/Split", Description = "Emits each element of an Array on 'out', in order (an empty Array emits nothing). With 'indexed', each element is sent as {\"index\": i, \"count\": n, \"value\": element}, which flow/Collect in 'indexed' mode reassembles.")]
[InPort("in", PortType.Array, Description = "An Array.")]
[OutPort("out", Description = "The elements (or indexed wrappers).")]
[OutPort("error", PortType.Error, Description = "Input that is not an Array.")]
[Config("indexed", ConfigType.Boolean, DefaultJson = "false", Description = "Wrap each element with its index and the array's length.")]
internal sealed class SplitActor : StandardActor
{
    private bool _indexed;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _indexed = context.Configuration.GetBoolean("indexed", false);
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        if (!context.Message.TryGetArray(out ImmutableArray<Message> items))
        {
            FailType(context, "an Array", context.Message);
            return;
        }

        for (int i = 0; i < items.Length; i++)
        {
            context.Emit(_out, _indexed ? Indexed(i, items.Length, items[i]) : items[i]);
        }
    }

    /// <summary>The wrapper of element <paramref name="index"/> of <paramref name="count"/>.</summary>
    internal static Message Indexed(int index, int count, in Message value) =>
        Message.Object(new("index", Message.Integer(index)), new("count", Message.Integer(count)), new("value", value));
}
