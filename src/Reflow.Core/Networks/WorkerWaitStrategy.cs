namespace Reflow.Networks;

/// <summary>How an idle worker waits for work (see the wait strategies in <c>Reflow.Rings</c>).</summary>
public enum WorkerWaitStrategy
{
    /// <summary>Spin, then yield, then park until signalled; producers signal only a parked worker. The default.</summary>
    SpinYieldPark,

    /// <summary>Spin without pause: the lowest latency, one busy core per worker. For hosts that dedicate cores.</summary>
    BusySpin,

    /// <summary>Spin, then yield the core to other threads; never parks.</summary>
    Yielding,

    /// <summary>Spin, yield, then sleep briefly between checks: little CPU when idle, some latency.</summary>
    Sleeping,
}
