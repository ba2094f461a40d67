using Reflow.Components.Infrastructure;
using Reflow.Actors;

namespace Reflow.Components.Core;

/// <summary>
/// core/Drop: consumes and discards every message, counting them: the node's invocation count in the run's
/// statistics, and the <c>reflow.components.dropped</c> counter of the <c>Reflow.Components</c> meter (tag
/// <c>reflow.node</c>), so a discard is never invisible.
/// </summary>
[Component("core/Drop", Description = "Discards every message. Each one is counted: the node's invocations in the run statistics, and the meter 'Reflow.Components' counter 'reflow.components.dropped' (tag reflow.node).")]
[InPort("in", Description = "Any message; discarded.")]
internal sealed class DropActor : Actor
{
    private KeyValuePair<string, object?> _node;

    public override void OnStart(ActorContext context) => _node = new("reflow.node", context.NodeId);

    public override void Receive(ActorContext context) => ComponentMetrics.Dropped.Add(1, _node);
}
