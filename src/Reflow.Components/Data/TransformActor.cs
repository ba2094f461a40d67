using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/Transform: a list of field operations applied to each message in order.</summary>
[Component("data/Transform", Description = "Applies 'operations' to each message in order, each to the result of the one before: {\"op\":\"set\",\"path\":\"a.b\",\"expression\":\"value.x * 2\"} (creates missing Objects on the way), {\"op\":\"get\",\"path\":\"a\"} (the message becomes that field), {\"op\":\"rename\",\"path\":\"a\",\"to\":\"b.c\"}, {\"op\":\"remove\",\"path\":\"a\"}, {\"op\":\"convert\",\"path\":\"a\",\"to\":\"integer\"} (as data/Convert), {\"op\":\"template\",\"path\":\"greeting\",\"template\":\"Hi {value.name}!\"} ({expression} placeholders; {{ and }} for braces). An empty path is the whole message. Expressions see the message as it is at that step ('value').")]
[InPort("in", Description = "Any message (usually an Object).")]
[OutPort("out", Description = "The transformed message.")]
[OutPort("error", PortType.Error, Description = "An operation that cannot apply to a message (a missing field, a failed expression or conversion); the message is not emitted.")]
[Config("operations", ConfigType.Array, Required = true, Description = "The operations, in order.")]
internal sealed class TransformActor : StandardActor
{
    private TransformOperation[] _operations = [];
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        context.Configuration.TryGetValue("operations", out Message operations);
        ImmutableArray<Message> list = operations.AsArray();
        _operations = new TransformOperation[list.Length];
        var problems = new List<string>();
        for (int i = 0; i < list.Length; i++)
        {
            try
            {
                _operations[i] = TransformOperation.Read(list[i], i);
            }
            catch (ArgumentException ex)
            {
                problems.Add($"configuration 'operations': {ex.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw new ActorConfigurationException(context.NodeId, problems);
        }

        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        Message message = context.Message;
        for (int i = 0; i < _operations.Length; i++)
        {
            try
            {
                message = _operations[i].Apply(message);
            }
            catch (InvalidOperationException ex)
            {
                Fail(context, $"operation {i} ({_operations[i]}) on {context.Message}: {ex.Message}");
                return;
            }
        }

        context.Emit(_out, message);
    }
}
