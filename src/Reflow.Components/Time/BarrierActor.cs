using Reflow.Actors;
using Reflow.Components.Flow;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Time;

/// <summary>time/Barrier: holds each input until every input has one, then releases one of each together.</summary>
[Component("time/Barrier", Description = "Synchronises 'inputs' streams: holds the messages of 'in1' … 'inN' until each has one, then releases the oldest of each at once, 'inK' to 'outK' (out1 first). Each input queues up to 'capacity' (past that, to 'error'). Messages still held when the node stops are reported as a node error.")]
[InPort("in1", Description = "Stream 1.")]
[InPort("in2", Description = "Stream 2.")]
[InPort("in3", Description = "Stream 3, when inputs ≥ 3.")]
[InPort("in4", Description = "Stream 4, when inputs = 4.")]
[OutPort("out1", Description = "Stream 1, released.")]
[OutPort("out2", Description = "Stream 2, released.")]
[OutPort("out3", Description = "Stream 3, released.")]
[OutPort("out4", Description = "Stream 4, released.")]
[OutPort("error", PortType.Error, Description = "A message on a port beyond 'inputs', or a full queue.")]
[Config("inputs", ConfigType.Integer, DefaultJson = "2", Minimum = 2, Description = "How many streams take part (2-4).")]
[Config("capacity", ConfigType.Integer, DefaultJson = "1024", Minimum = 1, Description = "How many messages each input may hold.")]
internal sealed class BarrierActor : StandardActor
{
    private InputSets _sets = null!;
    private Message[] _set = [];

    protected override void Start(ActorContext context)
    {
        int inputs = GetInt32(context, "inputs", 2);
        if (inputs > context.Component.InPorts.Length)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'inputs' is {inputs}, but there are {context.Component.InPorts.Length} in-ports"]);
        }

        _sets = new InputSets(inputs, GetInt32(context, "capacity", 1024));
        _set = new Message[inputs];
    }

    protected override void Handle(ActorContext context)
    {
        int port = context.InPortIndex;
        if (port >= _sets.Inputs)
        {
            Fail(context, $"in-port '{context.InPortName}' is beyond 'inputs' ({_sets.Inputs}); {context.Message} is not held");
        }
        else if (!_sets.TryAdd(port, context.Message))
        {
            Fail(context, $"in-port '{context.InPortName}' already holds its capacity of messages waiting for the others; {context.Message} is not held");
        }

        while (_sets.TryTake(_set))
        {
            for (int i = 0; i < _set.Length; i++)
            {
                context.Emit(new OutPort(i), _set[i]); // out1 … outN are the first out-ports, in order
            }
        }
    }

    public override void OnStop(ActorContext context)
    {
        if (_sets is { Held: > 0 })
        {
            throw new ComponentInputException(
                $"{context.Component.Name} ({context.NodeId}): stopped holding {_sets.Held} message(s) whose other streams never arrived ({_sets.Describe(i => context.Component.InPorts[i].Name)})");
        }
    }
}
