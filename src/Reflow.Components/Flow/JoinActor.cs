using System.Text;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Join: waits until each of its first N in-ports has a message, then emits them as one: an Object keyed by
/// port name, an Array in port order, or the concatenation of Strings or Arrays.
/// </summary>
/// <remarks>The queues, the <c>inputs</c> and <c>capacity</c> rules and the report at stop are <see cref="InputSetActor"/>'s.</remarks>
[Component("flow/Join", Description = "Waits until each of 'in1' … 'inN' (N = 'inputs') has a message, then emits the oldest of each as one message on 'out': an Object {\"in1\": …, \"in2\": …} ('object'), an Array in port order ('array'), or the concatenation of Strings or of Arrays ('concatenate'). Each port queues up to 'capacity' messages; past that, the message goes to 'error'. Sets incomplete at stop are reported as a node error.")]
[InPort("in1", Description = "Part 1.")]
[InPort("in2", Description = "Part 2.")]
[InPort("in3", Description = "Part 3, when inputs ≥ 3.")]
[InPort("in4", Description = "Part 4, when inputs ≥ 4.")]
[InPort("in5", Description = "Part 5, when inputs ≥ 5.")]
[InPort("in6", Description = "Part 6, when inputs ≥ 6.")]
[InPort("in7", Description = "Part 7, when inputs ≥ 7.")]
[InPort("in8", Description = "Part 8, when inputs = 8.")]
[OutPort("out", Description = "One message per complete set.")]
[OutPort("error", PortType.Error, Description = "A message on a port beyond 'inputs', a full queue, or parts that cannot be concatenated.")]
[Config("inputs", ConfigType.Integer, DefaultJson = "2", Minimum = 2, Description = "How many in-ports take part (2-8).")]
[Config("mode", ConfigType.String, DefaultJson = "\"object\"", OneOf = "object|array|concatenate", Description = "How a set becomes one message.")]
[Config("capacity", ConfigType.Integer, DefaultJson = "1024", Minimum = 1, Description = "How many messages each port may queue while waiting for the others.")]
internal sealed class JoinActor : InputSetActor
{
    private string _mode = "object";
    private OutPort _out;

    protected override void Configure(ActorContext context)
    {
        _mode = context.Configuration.GetString("mode", "object");
        _out = context.OutPort("out");
    }

    protected override void Release(ActorContext context, Message[] set)
    {
        if (Combine(context, set, out Message joined))
        {
            context.Emit(_out, joined);
        }
    }

    private bool Combine(ActorContext context, Message[] set, out Message joined)
    {
        switch (_mode)
        {
            case "array":
                joined = Message.Array(set.AsSpan());
                return true;
            case "concatenate":
                return Concatenate(context, set, out joined);
            default:
                MessageObject.Builder fields = MessageObject.CreateBuilder(set.Length);
                for (int i = 0; i < set.Length; i++)
                {
                    fields.Add(context.Component.InPorts[i].Name, set[i]);
                }

                joined = Message.Object(fields.ToMessageObject());
                return true;
        }
    }

    private bool Concatenate(ActorContext context, Message[] set, out Message joined)
    {
        joined = default;
        if (set.All(m => m.Kind == MessageKind.String))
        {
            var text = new StringBuilder();
            foreach (Message part in set)
            {
                text.Append(part.AsString());
            }

            joined = Message.String(text.ToString());
            return true;
        }

        if (set.All(m => m.Kind == MessageKind.Array))
        {
            joined = Message.Array(set.SelectMany(m => m.AsArray()));
            return true;
        }

        Fail(context, $"'concatenate' joins all Strings or all Arrays, but the set is {string.Join(", ", set.Select(m => m.ToString()))}");
        return false;
    }
}
