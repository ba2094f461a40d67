using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Text;

/// <summary>text/Split: a String becomes an Array of its parts.</summary>
[Component("text/Split", Description = "Splits each String at 'separator' into an Array of Strings ('trim' trims each part, 'removeEmpty' drops empty parts). An empty String gives [\"\"] unless 'removeEmpty'.")]
[InPort("in", PortType.String, Description = "The text.")]
[OutPort("out", PortType.Array, Description = "The parts.")]
[OutPort("error", PortType.Error, Description = "Input that is not a String.")]
[Config("separator", ConfigType.String, DefaultJson = "\",\"", Description = "Where to split (plain text, not empty).")]
[Config("trim", ConfigType.Boolean, DefaultJson = "false", Description = "Trim white space around each part.")]
[Config("removeEmpty", ConfigType.Boolean, DefaultJson = "false", Description = "Leave out empty parts.")]
internal sealed class SplitTextActor : StandardActor
{
    private string _separator = ",";
    private StringSplitOptions _options;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _separator = context.Configuration.GetString("separator", ",");
        if (_separator.Length == 0)
        {
            throw new ActorConfigurationException(context.NodeId, ["configuration 'separator' must not be empty"]);
        }

        _options = (context.Configuration.GetBoolean("trim", false) ? StringSplitOptions.TrimEntries : 0)
            | (context.Configuration.GetBoolean("removeEmpty", false) ? StringSplitOptions.RemoveEmptyEntries : 0);
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        if (!TryGetText(context, out string? text))
        {
            return;
        }

        context.Emit(_out, Message.Array(text.Split(_separator, _options).Select(Message.String)));
    }
}
