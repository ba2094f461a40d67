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
internal sealed class BarrierActor : InputSetActor
{
    protected override void Configure(ActorContext context)
    {
    }

    protected override void Release(ActorContext context, Message[] set)
    {
        for (int i = 0; i < set.Length; i++)
        {
            context.Emit(new OutPort(i), set[i]); // out1 … outN are the first out-ports, in order
        }
    }
}
