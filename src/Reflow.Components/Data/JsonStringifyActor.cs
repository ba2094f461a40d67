using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/JsonStringify: any message becomes its plain JSON text.</summary>
[Component("data/JsonStringify", Description = "Writes each message as compact plain JSON text (Flow as null, Bytes as base64, an Error as {\"error\": text}, non-finite Floats as strings; see MessageJson).")]
[InPort("in", Description = "Any message.")]
[OutPort("out", PortType.String, Description = "The JSON text.")]
internal sealed class JsonStringifyActor : Actor
{
    private OutPort _out;

    public override void OnStart(ActorContext context) => _out = context.OutPort("out");

    public override void Receive(ActorContext context) => context.Emit(_out, Message.String(MessageJson.ToJson(context.Message)));
}
