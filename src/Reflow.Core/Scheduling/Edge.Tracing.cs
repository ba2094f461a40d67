using System.Diagnostics;

namespace Reflow.Scheduling;

// Message tracing (NetworkOptions.TraceMessages): the trace context of each message in flight, in a side array of
// one slot per credit that only traced networks allocate (the message itself stays 16 bytes).
internal sealed partial class Edge
{
    /// <summary>Message tracing is on for this edge: its messages carry a trace context on the side (see <see cref="StampTrace"/>).</summary>
    public bool Traced => _traceSlots is not null;

    /// <summary>
    /// Turns message tracing on (the network's build, before the run): a slot per credit for the trace context of each
    /// message in flight. An elastic edge has no bound to size it by and stays untraced (its messages carry none).
    /// </summary>
    public void EnableTracing()
    {
        if (_capacity <= int.MaxValue)
        {
            _traceSlots = new ActivityContext[_capacity];
        }
    }

    /// <summary>
    /// Stores the trace context of the message whose credit the producer has just taken (after a successful
    /// <see cref="TryReserve"/>, before the message is sent). The message is the edge's <c>_sent</c>-th, so its
    /// slot is <c>(_sent - 1) % capacity</c>; the consumer finds it as the <c>_delivered</c>-th (<see cref="ReceivedTrace"/>).
    /// </summary>
    /// <remarks>
    /// <para>Why sequence numbers match: the messages of one edge reach its consumer in the order their credits were
    /// taken (one producing cell; host writers take credit and send under one lock while tracing), and an
    /// each-message consumer releases them in that order, one <see cref="Release"/> each, so the n-th message taken is
    /// the n-th handled. A consumer that does not read the slots (batch, await and async actors) loses nothing: each
    /// slot is rewritten for every message, so nothing drifts.</para>
    /// <para>Memory ordering: the slot is written before the message is published to the consumer (a ring's
    /// sequence store or a channel write, both releases; the consumer's read of them an acquire), so the consumer
    /// sees it. The slot is rewritten only for the message one capacity later, whose credit exists only once the
    /// consumer has released this one — after reading the slot; the release is an interlocked add (a full fence)
    /// and the producer reads <c>_released</c> with acquire, so the rewrite cannot overtake the read. On a local edge
    /// one thread does both. No lock and no fence is added on the message's path.</para>
    /// </remarks>
    public void StampTrace(in ActivityContext context)
    {
        ActivityContext[] slots = _traceSlots!;
        slots[(int)((_sent - 1) % slots.Length)] = context;
    }

    /// <summary>The trace context of the message the consuming cell handles now (not yet released); the consumer's thread.</summary>
    public ActivityContext ReceivedTrace
    {
        get
        {
            ActivityContext[] slots = _traceSlots!;
            return slots[(int)(_delivered % slots.Length)];
        }
    }

    /// <summary>The trace context of the next message a host reader takes off an exported out-port (under the output's lock).</summary>
    public ActivityContext NextHostReadTrace
    {
        get
        {
            ActivityContext[] slots = _traceSlots!;
            return slots[(int)(Volatile.Read(ref _released) % slots.Length)];
        }
    }
}
