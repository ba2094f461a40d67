using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>
/// The base of flow/Join and time/Barrier: queues the messages of its first <c>inputs</c> in-ports (configuration
/// <c>inputs</c> and <c>capacity</c>) and hands over one set, the oldest of each, whenever every port has one.
/// </summary>
/// <remarks>
/// The runtime's await-all mode would wait for every declared in-port, connected or not, so these components keep
/// their own queues for the ports they are told about. A message on a port beyond <c>inputs</c> or past a full queue
/// is reported; messages still waiting when the node stops are reported as a node error.
/// </remarks>
internal abstract class InputSetActor : StandardActor
{
    private InputSets _sets = null!;
    private Message[] _set = [];

    protected sealed override void Start(ActorContext context)
    {
        int inputs = GetInt32(context, "inputs", 2);
        if (inputs > context.Component.InPorts.Length)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'inputs' is {inputs}, but there are {context.Component.InPorts.Length} in-ports"]);
        }

        _sets = new InputSets(inputs, GetInt32(context, "capacity", 1024));
        _set = new Message[inputs];
        Configure(context);
    }

    /// <summary>Reads the rest of the configuration.</summary>
    protected abstract void Configure(ActorContext context);

    /// <summary>Handles one complete set (the oldest message of each port, in port order); the array is reused.</summary>
    protected abstract void Release(ActorContext context, Message[] set);

    protected sealed override void Handle(ActorContext context)
    {
        int port = context.InPortIndex;
        if (port >= _sets.Inputs)
        {
            Fail(context, $"in-port '{context.InPortName}' is beyond 'inputs' ({_sets.Inputs}); {context.Message} is not taken");
            return;
        }

        if (!_sets.TryAdd(port, context.Message))
        {
            Fail(context, $"in-port '{context.InPortName}' already holds its capacity of messages waiting for the other ports; {context.Message} is not taken");
            return;
        }

        while (_sets.TryTake(_set))
        {
            Release(context, _set);
        }
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
