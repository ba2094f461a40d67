using Reflow.Actors;

namespace Reflow.Components.Flow;

/// <summary>flow/First: the first item of the stream, or of each bracket group.</summary>
[Component("flow/First", Description = "Passes the first item of the stream on at once, or the first of each bracket group (brackets are forwarded); an empty stream or group gives nothing. The rest is consumed and discarded (see flow/Take).")]
[InPort("in", Description = "The items.")]
[OutPort("out", Description = "The first item.")]
internal sealed class FirstActor : PositionFilterActor
{
    protected override bool Passes(long position) => position == 0;
}
