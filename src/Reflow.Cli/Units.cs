using System.Globalization;

namespace Reflow.Cli;

/// <summary>Durations and rates as people read them: <c>12.3 ms</c>, <c>4.56 M</c>.</summary>
internal static class Units
{
    public static string Duration(TimeSpan duration) => duration.TotalSeconds switch
    {
        >= 60 => duration.ToString(@"m\:ss\.f", CultureInfo.InvariantCulture) + " min",
        >= 1 => duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s",
        _ => duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms",
    };

    /// <summary>Nanoseconds as ns, µs or ms with three significant figures.</summary>
    public static string Nanoseconds(double ns) => ns switch
    {
        >= 1_000_000 => (ns / 1_000_000).ToString("0.##", CultureInfo.InvariantCulture) + " ms",
        >= 1_000 => (ns / 1_000).ToString("0.##", CultureInfo.InvariantCulture) + " µs",
        _ => ns.ToString("0", CultureInfo.InvariantCulture) + " ns",
    };

    public static string Rate(double perSecond) => perSecond switch
    {
        >= 1e6 => (perSecond / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M",
        >= 1e3 => (perSecond / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " k",
        _ => perSecond.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>A byte count as B, KB, MB or GB (powers of 1024).</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
