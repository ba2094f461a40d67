using System.Globalization;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Text;

/// <summary>text/Case: changes the case of Strings (invariant culture, so the result does not depend on the machine).</summary>
[Component("text/Case", Description = "Changes the case of each String: 'upper', 'lower', or 'title' (each word's first letter upper-case, the rest lower-case). Invariant culture.")]
[InPort("in", PortType.String, Description = "The text.")]
[OutPort("out", PortType.String, Description = "The text in the new case.")]
[OutPort("error", PortType.Error, Description = "Input that is not a String.")]
[Config("mode", ConfigType.String, Required = true, OneOf = "upper|lower|title", Description = "The case.")]
internal sealed class CaseActor : StandardActor
{
    private string _mode = "upper";
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _mode = context.Configuration.GetString("mode", "upper");
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        if (!TryGetText(context, out string? text))
        {
            return;
        }

        TextInfo info = CultureInfo.InvariantCulture.TextInfo;
        context.Emit(_out, Message.String(_mode switch
        {
            "lower" => info.ToLower(text),
            "title" => info.ToTitleCase(info.ToLower(text)),
            _ => info.ToUpper(text),
        }));
    }
}
