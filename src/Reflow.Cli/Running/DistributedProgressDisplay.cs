using System.Globalization;
using Reflow.Distributed.Cluster;

namespace Reflow.Cli.Running;

/// <summary>
/// The cluster-wide progress of <c>reflow run --cluster</c>: one line with every part's node, state and messages
/// handled, from the statuses the parts report twice a second. It appears once the run has taken a second; on a
/// terminal it is redrawn in place, otherwise printed once a second.
/// </summary>
internal sealed class DistributedProgressDisplay : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly DistributedRun _run;
    private readonly TextWriter _error;
    private readonly bool _inPlace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private bool _drawn;

    public DistributedProgressDisplay(DistributedRun run, TextWriter error, bool inPlace)
    {
        _run = run;
        _error = error;
        _inPlace = inPlace;
        _loop = RunAsync(_stop.Token);
    }

    internal string Line()
    {
        IEnumerable<string> parts = _run.GetProgress().Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p.Node}{(p.RunningOn is { } on && on != p.Node ? "→" + on : "")} {p.State} {p.Messages:N0}"));
        return "progress: " + string.Join(" | ", parts);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                string line = Line();
                await _error.WriteAsync(_inPlace ? "\r" + line + "\u001b[K" : line + Environment.NewLine).ConfigureAwait(false);
                _drawn = true;
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        if (_drawn && _inPlace)
        {
            await _error.WriteAsync("\r\u001b[K").ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
