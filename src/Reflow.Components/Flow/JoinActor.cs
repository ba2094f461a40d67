using System.Text;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// flow/Join: waits until each of its first N in-ports has a message, then emits them as one: an Object keyed by
/// port name, an Array in port order, or the concatenation of Strings or Arrays.
/// </summary>
/// <remarks>
/// The runtime's await-all mode would wait for all eight in-ports, connected or not, so Join keeps its own queues
/// for the <c>inputs</c> ports it is told about. A set still incomplete when the node stops is reported as an
/// error of the node (the run's statistics and events), so it is not lost silently.
/// </remarks>
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
internal sealed class JoinActor : StandardActor
{
    private InputSets _sets = null!;
    private Message[] _set = [];
    private string _mode = "object";
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        int inputs = GetInt32(context, "inputs", 2);
        if (inputs > context.Component.InPorts.Length)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'inputs' is {inputs}, but there are {context.Component.InPorts.Length} in-ports"]);
        }

        _sets = new InputSets(inputs, GetInt32(context, "capacity", 1024));
        _set = new Message[inputs];
        _mode = context.Configuration.GetString("mode", "object");
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        int port = context.InPortIndex;
        if (port >= _sets.Inputs)
        {
            Fail(context, $"in-port '{context.InPortName}' is beyond 'inputs' ({_sets.Inputs}); {context.Message} is not joined");
            return;
        }

        if (!_sets.TryAdd(port, context.Message))
        {
            Fail(context, $"in-port '{context.InPortName}' already holds its capacity of messages waiting for the other ports; {context.Message} is not joined");
            return;
        }

        while (_sets.TryTake(_set))
        {
            if (Combine(context, out Message joined))
            {
                context.Emit(_out, joined);
            }
        }
    }

    private bool Combine(ActorContext context, out Message joined)
    {
        switch (_mode)
        {
            case "array":
                joined = Message.Array(_set.AsSpan());
                return true;
            case "concatenate":
                return Concatenate(context, out joined);
            default:
                MessageObject.Builder fields = MessageObject.CreateBuilder(_set.Length);
                for (int i = 0; i < _set.Length; i++)
                {
                    fields.Add(context.Component.InPorts[i].Name, _set[i]);
                }

                joined = Message.Object(fields.ToMessageObject());
                return true;
        }
    }

    private bool Concatenate(ActorContext context, out Message joined)
    {
        joined = default;
        if (_set.All(m => m.Kind == MessageKind.String))
        {
            var text = new StringBuilder();
            foreach (Message part in _set)
            {
                text.Append(part.AsString());
            }

            joined = Message.String(text.ToString());
            return true;
        }

        if (_set.All(m => m.Kind == MessageKind.Array))
        {
            joined = Message.Array(_set.SelectMany(m => m.AsArray()));
            return true;
        }

        Fail(context, $"'concatenate' joins all Strings or all Arrays, but the set is {string.Join(", ", _set.Select(m => m.ToString()))}");
        return false;
    }

    public override void OnStop(ActorContext context)
    {
        if (_sets is { Held: > 0 })
        {
            throw new ComponentInputException(
                $"{context.Component.Name} ({context.NodeId}): stopped with {_sets.Held} message(s) waiting for incomplete sets ({_sets.Describe(i => context.Component.InPorts[i].Name)})");
        }
    }
}
