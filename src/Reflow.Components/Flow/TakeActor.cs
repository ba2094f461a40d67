using Reflow.Actors;
using Reflow.Components.Infrastructure;

namespace Reflow.Components.Flow;

/// <summary>flow/Take: the first n items of the stream, or of each bracket group.</summary>
[Component("flow/Take", Description = "Passes the first 'count' items of the stream on at once, or the first 'count' of each bracket group (brackets are forwarded). The rest is consumed and discarded: the upstream still runs to its end, as FBP processes do, and each discarded item counts as an invocation of the node.")]
[InPort("in", Description = "The items.")]
[OutPort("out", Description = "The first items.")]
[Config("count", ConfigType.Integer, Required = true, Minimum = 0, Description = "How many items to pass per group.")]
internal sealed class TakeActor : PositionFilterActor
{
    private long _count;

    protected override void ConfigureLimit(ActorContext context) => _count = context.Configuration.GetInteger("count", 0);

    protected override bool Passes(long position) => position < _count;
}
