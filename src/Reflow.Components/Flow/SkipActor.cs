using Reflow.Actors;
using Reflow.Components.Infrastructure;

namespace Reflow.Components.Flow;

/// <summary>flow/Skip: everything but the first n items of the stream, or of each bracket group.</summary>
[Component("flow/Skip", Description = "Discards the first 'count' items of the stream, or of each bracket group (brackets are forwarded), and passes the rest on at once.")]
[InPort("in", Description = "The items.")]
[OutPort("out", Description = "The items after the first 'count'.")]
[Config("count", ConfigType.Integer, Required = true, Minimum = 0, Description = "How many items to discard per group.")]
internal sealed class SkipActor : PositionFilterActor
{
    private long _count;

    protected override void ConfigureLimit(ActorContext context) => _count = context.Configuration.GetInteger("count", 0);

    protected override bool Passes(long position) => position >= _count;
}
