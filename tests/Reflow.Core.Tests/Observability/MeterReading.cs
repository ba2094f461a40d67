using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Reflow.Networks;

namespace Reflow.Tests.Observability;

/// <summary>
/// Reads one network's measurements of the Reflow.Network meter with a <see cref="MeterListener"/>: the last value of
/// each observable series and the number of recordings of the histogram, keyed "instrument series", where the series
/// is the measurement's edge, node or dead-letter reason tag.
/// </summary>
internal sealed class MeterReading : IDisposable
{
    private readonly string _network;
    private readonly MeterListener _listener = new();

    public MeterReading(string network)
    {
        _network = network;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Network.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Store(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument is Histogram<double>)
            {
                if (Series(instrument, tags) is { } key)
                {
                    Recordings.AddOrUpdate(key, 1, (_, n) => n + 1);
                    HistogramSums.AddOrUpdate(key, value, (_, sum) => sum + value);
                }
            }
            else
            {
                Store(instrument, value, tags);
            }
        });
        _listener.Start();
    }

    /// <summary>The last observed value of each observable series.</summary>
    public ConcurrentDictionary<string, double> Values { get; } = new();

    /// <summary>How many values the histogram recorded per series, and their sum.</summary>
    public ConcurrentDictionary<string, int> Recordings { get; } = new();

    public ConcurrentDictionary<string, double> HistogramSums { get; } = new();

    /// <summary>The instruments that delivered at least one measurement for this network.</summary>
    public ConcurrentDictionary<string, bool> Emitting { get; } = new();

    /// <summary>Collects the observable instruments now.</summary>
    public void Collect() => _listener.RecordObservableInstruments();

    /// <summary>The value of the series of <paramref name="instrument"/> whose tag contains <paramref name="seriesPart"/> (exactly one).</summary>
    public double Value(string instrument, string seriesPart) =>
        Values.Single(kv => kv.Key.StartsWith(instrument + " ", StringComparison.Ordinal) && kv.Key[(instrument.Length + 1)..].Contains(seriesPart, StringComparison.Ordinal)).Value;

    private void Store(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Series(instrument, tags) is { } key)
        {
            Values[key] = value;
        }
    }

    private string? Series(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? network = null;
        string? series = null;
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            switch (tag.Key)
            {
                case "reflow.network": network = tag.Value as string; break;
                case "reflow.edge" or "reflow.node" or "reflow.dead_letter.reason": series = tag.Value as string; break;
            }
        }

        if (network != _network)
        {
            return null;
        }

        Emitting[instrument.Name] = true;
        return $"{instrument.Name} {series}";
    }

    public void Dispose() => _listener.Dispose();
}
