using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/CountBy: how many items per key, emitted at the end of the stream or of each bracket group.</summary>
[Component("data/CountBy", Description = "Counts the items of the stream, per 'key' (an expression; 'value') when set, and emits the counts at the end of the stream, or at the end of each bracket group (before its close bracket): one Object {key: count} in order of first appearance, or with 'emit' \"entries\" one {\"key\": k, \"count\": n} per key in that order. Without 'key' it emits the one count (0 for an empty stream). A key must be a String, number, Boolean or null; keys that give one field name (\"1\" and 1) share it. Memory grows with the distinct keys, not with the items.")]
[InPort("in", Description = "The items.")]
[OutPort("out", Description = "The counts.")]
[OutPort("error", PortType.Error, Description = "An item whose key fails or is not a String, number, Boolean or null (not counted).")]
[Config("key", ConfigType.String, Description = "The key of an item, e.g. \"value.status\" (absent: one count of everything).")]
[Config("emit", ConfigType.String, DefaultJson = "\"object\"", OneOf = "object|entries", Description = "One Object of counts, or one {key, count} message per key.")]
internal sealed class CountByActor : KeyedAggregate<long>
{
    protected override string FigureName => "count";

    protected override Message ToMessage(in long figure) => Message.Integer(figure);

    protected override bool TryAdd(ActorContext context, ref long figure, in Message item)
    {
        figure++;
        return true;
    }

    protected override void Merge(ref long into, in long other) => into += other;
}
