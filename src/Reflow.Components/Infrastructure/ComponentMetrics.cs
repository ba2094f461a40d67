using System.Diagnostics.Metrics;

namespace Reflow.Components.Infrastructure;

/// <summary>The instruments of the standard components, on the meter <c>Reflow.Components</c>.</summary>
internal static class ComponentMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Reflow.Components";

    private static readonly Meter s_meter = new(MeterName);

    /// <summary>Messages core/Drop discarded (tag <c>reflow.node</c>).</summary>
    public static readonly Counter<long> Dropped = s_meter.CreateCounter<long>("reflow.components.dropped", "{message}", "Messages discarded by core/Drop.");
}
