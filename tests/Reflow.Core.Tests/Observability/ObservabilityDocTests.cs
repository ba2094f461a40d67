using System.Diagnostics.Metrics;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Observability;

/// <summary>docs/observability.md lists exactly the instruments the Reflow.Network meter publishes.</summary>
[Collection("Telemetry")] // listeners are process-wide
public sealed class ObservabilityDocTests
{
    [Fact]
    public async Task The_documented_instruments_are_exactly_those_the_meter_publishes_with_their_kinds_and_units()
    {
        var published = new HashSet<DocumentedInstrument>();
        string name = $"doc-{Guid.NewGuid():N}";
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == Network.MeterName)
                {
                    lock (published)
                    {
                        published.Add(new DocumentedInstrument(instrument.Name, KindOf(instrument), instrument.Unit ?? ""));
                    }
                }
            };
            listener.Start(); // publishes the instruments of meters already made too (other tests' networks: same names)

            await using Network network = Network.Create(
                new NetworkBuilder().AddNode("numbers", Numbers(3)).AddNode("relay", Relay(_ => { })).Connect("numbers", "out", "relay", "in").Build(_ => null),
                new NetworkOptions { Name = name });
            await network.RunAsync().WaitAsync(HangLimit);
        }

        IReadOnlyList<DocumentedInstrument> documented = DocumentedInstrument.ReadAll();
        Assert.Equal(documented.Count, documented.Distinct().Count()); // no row twice
        Assert.Equal(documented.OrderBy(i => i.Name, StringComparer.Ordinal), published.OrderBy(i => i.Name, StringComparer.Ordinal));
    }

    /// <summary>The instrument's kind as the doc names it: its type without the generic arity (ObservableCounter`1 → ObservableCounter).</summary>
    private static string KindOf(Instrument instrument)
    {
        string type = instrument.GetType().Name;
        int tick = type.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? type : type[..tick];
    }
}
