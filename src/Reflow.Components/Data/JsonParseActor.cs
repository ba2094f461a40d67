using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/JsonParse: JSON text becomes the message it describes.</summary>
[Component("data/JsonParse", Description = "Parses each String (or UTF-8 Bytes) as JSON into a message: null → Null, integral numbers → Integer, other numbers → Float, objects keep their key order. Invalid JSON goes to 'error' with the position.")]
[InPort("in", Description = "JSON text (String or Bytes).")]
[OutPort("out", Description = "The parsed value.")]
[OutPort("error", PortType.Error, Description = "Text that is not valid JSON, or input that is not text.")]
internal sealed class JsonParseActor : StandardActor
{
    private OutPort _out;

    protected override void Start(ActorContext context) => _out = context.OutPort("out");

    protected override void Handle(ActorContext context)
    {
        if (ValueConversion.TryConvert(context.Message, "json", out Message result, out string? problem))
        {
            context.Emit(_out, result);
        }
        else
        {
            Fail(context, problem!);
        }
    }
}
