namespace Reflow.Benchmarks.Remote;

/// <summary>The sending side of a latency run: one message carrying its send time, then the next when it arrived.</summary>
internal interface IRemoteLatencyLink : IAsyncDisposable
{
    /// <summary>Sends one message carrying <paramref name="timestamp"/> (the <see cref="System.Diagnostics.Stopwatch"/> time of sending).</summary>
    ValueTask SendAsync(long timestamp, CancellationToken cancellationToken);
}
