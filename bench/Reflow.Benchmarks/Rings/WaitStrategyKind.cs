using Reflow.Rings;

namespace Reflow.Benchmarks.Rings;

public enum WaitStrategyKind
{
    BusySpin,
    Yielding,
    Sleeping,
    Blocking,
    SpinYieldPark,
}

internal static class WaitStrategyKinds
{
    public static WaitStrategy Create(WaitStrategyKind kind) => kind switch
    {
        WaitStrategyKind.BusySpin => new BusySpinWaitStrategy(),
        WaitStrategyKind.Yielding => new YieldingWaitStrategy(),
        WaitStrategyKind.Sleeping => new SleepingWaitStrategy(),
        WaitStrategyKind.Blocking => new BlockingWaitStrategy(),
        WaitStrategyKind.SpinYieldPark => new SpinYieldParkWaitStrategy(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
