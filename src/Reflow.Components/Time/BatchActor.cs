using Reflow.Actors;
using Reflow.Components.Flow;
using Reflow.Components.Infrastructure;

namespace Reflow.Components.Time;

/// <summary>time/Batch: messages become Arrays of at most a size, each emitted at the latest a window after its first message.</summary>
[Component("time/Batch", Description = "Buffers messages into Arrays on 'out': a batch goes out when it holds 'size' messages or 'windowMs' after its first message, whichever comes first (a partial batch is emitted, never held back), at the end of the stream, and at the end of each bracket group, before its close bracket (a batch never spans a bracket). A message on 'flush' emits the open batch now.")]
[InPort("in", Description = "The messages.")]
[InPort("flush", Description = "Emits the open batch now (the message itself is ignored).")]
[OutPort("out", PortType.Array, Description = "The batches.")]
[Config("size", ConfigType.Integer, DefaultJson = "100", Minimum = 1, Description = "The largest batch.")]
[Config("windowMs", ConfigType.Number, DefaultJson = "1000", Minimum = 0, Description = "How long a batch may stay open after its first message (0: only 'size' and 'flush' emit).")]
internal sealed class BatchActor : BatchingActor
{
    protected override void ConfigureBatches(ActorContext context)
    {
        MaxCount = GetInt32(context, "size", 100);
        Window = GetMilliseconds(context, "windowMs", 1000);
    }
}
