using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Bench.B15;

/// <summary>b15/Sink in C#: counts and sums the integers it receives, as b15.c's C sink does.</summary>
internal sealed class CountingSink(SinkTotals totals) : Actor
{
    public override void Receive(ActorContext context)
    {
        totals.Count++;
        totals.Sum += context.Message.AsInteger();
    }
}
