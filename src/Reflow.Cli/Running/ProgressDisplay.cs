using System.Diagnostics;
using System.Diagnostics.Metrics;
using Reflow.Networks;

namespace Reflow.Cli.Running;

/// <summary>
/// The live one-line progress of a run (messages/s, in flight, errors), redrawn in place on the error stream.
/// Appears only once the run has taken a second, so short runs print nothing but their results.
/// </summary>
/// <remarks>
/// It reads the network's observable instruments (<see cref="Network.MeterName"/>) with a <see cref="MeterListener"/>,
/// which makes the runtime report the counts it keeps anyway; nothing is added to the hot path. Only the
/// measurements tagged with this run's network name are summed.
/// </remarks>
internal sealed class ProgressDisplay : IAsyncDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly string _network;
    private readonly TextWriter _error;
    private readonly bool _inPlace;
    private readonly MeterListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _messages, _inFlight, _errors;
    private bool _drawn;

    /// <param name="network">The run's <see cref="NetworkOptions.Name"/>.</param>
    /// <param name="error">Where the line goes.</param>
    /// <param name="inPlace">Redraw one line with a carriage return (a terminal); else print a line per update.</param>
    public ProgressDisplay(string network, TextWriter error, bool inPlace)
    {
        _network = network;
        _error = error;
        _inPlace = inPlace;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Network.MeterName && instrument.Name is "reflow.edge.messages" or "reflow.edge.queue_depth" or "reflow.actor.errors")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
        _loop = RunAsync(_stop.Token);
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == "reflow.network" && !Equals(tag.Value, _network))
            {
                return; // another network in this process
            }
        }

        switch (instrument.Name)
        {
            case "reflow.edge.messages": _messages += value; break;
            case "reflow.edge.queue_depth": _inFlight += value; break;
            default: _errors += value; break;
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        long lastMessages = 0;
        TimeSpan lastTime = TimeSpan.Zero;
        try
        {
            await Task.Delay(Delay, cancellationToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(Interval);
            do
            {
                _messages = _inFlight = _errors = 0;
                _listener.RecordObservableInstruments(); // calls OnMeasurement on this thread, once per edge and node
                TimeSpan now = _clock.Elapsed;
                double rate = (_messages - lastMessages) / Math.Max(1e-9, (now - lastTime).TotalSeconds);
                (lastMessages, lastTime) = (_messages, now);
                string line = $"running {Units.Duration(now)} · {Units.Rate(rate)} msg/s · {_messages:N0} messages · {_inFlight:N0} in flight · {_errors:N0} errors";
                await _error.WriteAsync(_inPlace ? "\r\u001b[2K" + line : line + Environment.NewLine).ConfigureAwait(false);
                await _error.FlushAsync(cancellationToken).ConfigureAwait(false);
                _drawn = true;
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        if (_drawn && _inPlace)
        {
            await _error.WriteAsync("\r\u001b[2K").ConfigureAwait(false); // leave the terminal as the results left it
        }

        _listener.Dispose();
        _stop.Dispose();
    }
}
