using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// The base of flow/Take, flow/Skip and flow/First: passes an item on at once when its position in its group (the
/// bracket group, or the whole stream outside brackets) passes <see cref="Passes"/>. The others are consumed and
/// discarded: the upstream is not stopped (in FBP a process reads its input to the end), and each one still counts as
/// an invocation of the node.
/// </summary>
internal abstract class PositionFilterActor : GroupedAggregate<PositionFilterActor.Position>
{
    private OutPort _out;

    /// <summary>Whether the item at <paramref name="position"/> (0-based) in its group goes on.</summary>
    protected abstract bool Passes(long position);

    /// <summary>Reads the component's own configuration.</summary>
    protected virtual void ConfigureLimit(ActorContext context)
    {
    }

    protected sealed override void Configure(ActorContext context)
    {
        ConfigureLimit(context);
        _out = context.OutPort("out");
    }

    protected sealed override Position CreateGroup() => new();

    protected sealed override void Reset(Position group) => group.Seen = 0;

    protected sealed override void Add(ActorContext context, Position group, in Message item)
    {
        if (Passes(group.Seen++))
        {
            context.Emit(_out, item);
        }
    }

    protected sealed override void Complete(ActorContext context, Position group)
    {
    }

    /// <summary>How many items a group has seen.</summary>
    internal sealed class Position
    {
        /// <summary>The items seen so far.</summary>
        public long Seen;
    }
}
