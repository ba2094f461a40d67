using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Examples.OpenTelemetry;

/// <summary>The example's two components.</summary>
internal static class ExampleComponents
{
    /// <summary>Emits the square of each Integer.</summary>
    public static Component Square { get; } = Component.FromFunc(
        new ComponentDescription("example/Square", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        context => context.Emit("out", Message.Integer(context.Message.AsInteger() * context.Message.AsInteger())));

    /// <summary>Passes Integers up to <paramref name="limit"/> on and throws on a larger one.</summary>
    public static Component AtMost(long limit) => Component.FromFunc(
        new ComponentDescription("example/AtMost", [new("in", PortType.Integer)], [new("out", PortType.Integer), new("error", PortType.Error)]),
        context =>
        {
            long value = context.Message.AsInteger();
            if (value > limit)
            {
                throw new InvalidOperationException($"{value} is over {limit}");
            }

            context.Emit("out", context.Message);
        });
}
