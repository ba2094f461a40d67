namespace Reflow.Benchmarks.Peers.Common;

/// <summary>
/// Samples the managed heap (<see cref="GC.GetTotalMemory(bool)"/> without collecting) and the process working
/// set every 2 ms on a background thread while a run lasts, and keeps the peaks above the values at start.
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly long _heapAtStart = GC.GetTotalMemory(forceFullCollection: true);
    private readonly long _workingSetAtStart = Environment.WorkingSet;
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _peakHeap;
    private long _peakWorkingSet;

    /// <summary>Starts sampling.</summary>
    public MemorySampler()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    /// <summary>Peak managed heap above the start, in MB (valid after <see cref="Dispose"/>).</summary>
    public double PeakHeapMegabytes => Math.Max(0, _peakHeap - _heapAtStart) / 1048576.0;

    /// <summary>Peak working set above the start, in MB (valid after <see cref="Dispose"/>).</summary>
    public double PeakWorkingSetMegabytes => Math.Max(0, _peakWorkingSet - _workingSetAtStart) / 1048576.0;

    /// <summary>Stops sampling after one last sample.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Sample()
    {
        do
        {
            _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(forceFullCollection: false));
            _peakWorkingSet = Math.Max(_peakWorkingSet, Environment.WorkingSet);
            Thread.Sleep(2);
        }
        while (!_stop);

        _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(forceFullCollection: false));
        _peakWorkingSet = Math.Max(_peakWorkingSet, Environment.WorkingSet);
    }
}
