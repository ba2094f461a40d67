using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Bench.B15;

/// <summary>b15/Burst in C#: each tick k becomes the integers k*256 .. k*256+255, as b15.c's C burst does.</summary>
internal sealed class BurstActor : Actor
{
    public const int Burst = 256;

    private OutPort _out;

    public override void OnStart(ActorContext context) => _out = context.OutPort("out");

    public override void Receive(ActorContext context)
    {
        long first = context.Message.AsInteger() * Burst;
        for (long i = 0; i < Burst; i++)
        {
            context.Emit(_out, Message.Integer(first + i));
        }
    }
}
