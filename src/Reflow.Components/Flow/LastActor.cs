using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>flow/Last: the last item of the stream, or of each bracket group.</summary>
[Component("flow/Last", Description = "Emits the last item of the stream at its end, or the last of each bracket group before its close bracket; an empty stream or group gives nothing. Memory: one item.")]
[InPort("in", Description = "The items.")]
[OutPort("out", Description = "The last item.")]
internal sealed class LastActor : GroupedAggregate<LastActor.Latest>
{
    private OutPort _out;

    protected override void Configure(ActorContext context) => _out = context.OutPort("out");

    protected override Latest CreateGroup() => new();

    protected override void Reset(Latest group) => (group.Item, group.Seen) = (default, false);

    protected override void Add(ActorContext context, Latest group, in Message item) => (group.Item, group.Seen) = (item, true);

    protected override void Complete(ActorContext context, Latest group)
    {
        if (group.Seen)
        {
            context.Emit(_out, group.Item);
        }
    }

    /// <summary>A group's latest item.</summary>
    internal sealed class Latest
    {
        /// <summary>The latest item.</summary>
        public Message Item;

        /// <summary>Whether any arrived.</summary>
        public bool Seen;
    }
}
