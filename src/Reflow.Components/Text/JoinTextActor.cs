using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Text;

/// <summary>text/Join: an Array becomes one String.</summary>
[Component("text/Join", Description = "Joins the elements of each Array into one String with 'separator' between them: Strings as they are, anything else as plain JSON. An empty Array gives \"\".")]
[InPort("in", PortType.Array, Description = "The parts.")]
[OutPort("out", PortType.String, Description = "The joined text.")]
[OutPort("error", PortType.Error, Description = "Input that is not an Array.")]
[Config("separator", ConfigType.String, DefaultJson = "\",\"", Description = "What goes between the parts.")]
internal sealed class JoinTextActor : StandardActor
{
    private string _separator = ",";
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _separator = context.Configuration.GetString("separator", ",");
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        if (!context.Message.TryGetArray(out ImmutableArray<Message> parts))
        {
            FailType(context, "an Array", context.Message);
            return;
        }

        context.Emit(_out, Message.String(string.Join(_separator, parts.Select(p => p.TryGetString(out string? s) ? s : MessageJson.ToJson(p)))));
    }
}
