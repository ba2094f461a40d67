using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Components.Core;

/// <summary>
/// core/Output: writes each message as one line to the host's output (<see cref="StandardComponentsOptions.Output"/>,
/// the console by default) and passes it on. It may block (a full pipe), so it runs on the blocking pool.
/// </summary>
[Component("core/Output", MayBlock = true,
    Description = "Writes each message as one line to the host's output (StandardComponentsOptions.Output; the console by default) and passes it on. A String is written as its text, an Error as 'error: text', Flow as 'flow', a bracket as 'OpenBracket' or 'CloseBracket' followed by its value if it has one, anything else as plain JSON.")]
[InPort("in", Description = "Any message.")]
[OutPort("out", Description = "The same message, after it was written.")]
internal sealed class OutputActor : Actor
{
    private OutPort _out;

    /// <summary>Where lines go; the console when null.</summary>
    public TextWriter? Writer { get; init; }

    public override void OnStart(ActorContext context) => _out = context.OutPort("out");

    public override void Receive(ActorContext context)
    {
        Message message = context.Message;
        (Writer ?? Console.Out).WriteLine(Format(message));
        context.Emit(_out, message);
    }

    // A bracket is written like any message (a stream is easier to follow with its group boundaries in view), then
    // forwarded as the default does.
    public override void OnBracket(ActorContext context)
    {
        (Writer ?? Console.Out).WriteLine(Format(context.Message));
        context.ForwardBracket();
    }

    /// <summary>The line written for <paramref name="message"/>.</summary>
    internal static string Format(in Message message) => message.Kind switch
    {
        MessageKind.String => message.AsString(),
        MessageKind.Error => "error: " + message.AsError(),
        MessageKind.Flow => "flow",
        MessageKind.OpenBracket or MessageKind.CloseBracket => message.ToString(), // no plain JSON form
        _ => MessageJson.ToJson(message),
    };
}
