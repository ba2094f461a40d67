using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/Convert: converts each message to one type, losslessly or not at all.</summary>
[Component("data/Convert", Description = "Converts each message to 'to': 'integer' (Integer; a whole Float; a Boolean as 0/1; text of an integer), 'float' (a number; text of a number), 'string' (a String as is, an Error as its text, anything else as plain JSON), 'boolean' (Boolean; 0/1; \"true\"/\"false\"), 'json' (parses a String or UTF-8 Bytes), 'bytes' (Bytes; a String as UTF-8). Anything else, and a Float with a fraction to 'integer', goes to 'error'.")]
[InPort("in", Description = "Any message.")]
[OutPort("out", Description = "The converted value.")]
[OutPort("error", PortType.Error, Description = "A value that does not convert (the Error says why).")]
[Config("to", ConfigType.String, Required = true, OneOf = ValueConversion.Targets, Description = "The type to convert to.")]
internal sealed class ConvertActor : StandardActor
{
    private string _to = "string";
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _to = context.Configuration.GetString("to", "string");
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        if (ValueConversion.TryConvert(context.Message, _to, out Message result, out string? problem))
        {
            context.Emit(_out, result);
        }
        else
        {
            Fail(context, problem!);
        }
    }
}
