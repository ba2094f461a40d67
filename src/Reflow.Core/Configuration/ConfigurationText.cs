using System.Globalization;

namespace Reflow.Configuration;

/// <summary>The text forms of durations (<c>"250ms"</c>, <c>"1s"</c>, <c>"00:00:01"</c>) and sizes (<c>"512MB"</c>) in configuration values.</summary>
internal static class ConfigurationText
{
    private static readonly (string Suffix, double Milliseconds)[] DurationUnits =
        [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];

    private static readonly (string Suffix, long Bytes)[] SizeUnits =
        [("KIB", 1L << 10), ("MIB", 1L << 20), ("GIB", 1L << 30), ("KB", 1000), ("MB", 1000_000), ("GB", 1000_000_000), ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("B", 1)];

    /// <summary>A number followed by ms, s, m, h or d (<c>"1.5s"</c>), <c>"0"</c>, or a <see cref="TimeSpan"/> (<c>"00:00:01"</c>).</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        text = text.Trim();
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        // "ms" is checked before "m" and "s": the table is in that order.
        foreach ((string suffix, double milliseconds) in DurationUnits)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double amount)
                && amount >= 0 && double.IsFinite(amount))
            {
                // Past TimeSpan's ~29 000 years it is not a duration this key can hold ("1e30s" threw OverflowException).
                if (amount * milliseconds >= TimeSpan.MaxValue.TotalMilliseconds)
                {
                    return false;
                }

                duration = TimeSpan.FromMilliseconds(amount * milliseconds);
                return true;
            }
        }

        // Only the clock form ("00:00:01", "1.02:03:04"): TimeSpan reads a bare "200" as 200 days, which nobody who
        // writes a timeout means.
        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    /// <summary>A whole number of bytes, optionally followed by B, KB/MB/GB (powers of 1000) or K/M/G, KiB/MiB/GiB (powers of 1024).</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        string upper = text.Trim().ToUpperInvariant();
        bytes = 0;
        foreach ((string suffix, long unit) in SizeUnits)
        {
            if (upper.EndsWith(suffix, StringComparison.Ordinal))
            {
                return TryScale(upper[..^suffix.Length], unit, out bytes);
            }
        }

        return TryScale(upper, 1, out bytes);
    }

    /// <summary><c>host:port</c> with a port from 0 to 65535 (the host may be a name, an IPv4 address or a bracketed IPv6 one).</summary>
    public static bool IsAddress(string text)
    {
        int colon = text.LastIndexOf(':');
        return colon > 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            && port <= 65535
            && !text.AsSpan(0, colon).ContainsAny(" /");
    }

    /// <summary>A duration as this configuration writes it (<c>"250ms"</c>).</summary>
    public static string FormatDuration(TimeSpan duration) =>
        duration.TotalMilliseconds % 1000 == 0
            ? ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>
    /// A TOML basic string holding exactly <paramref name="text"/>: quotes, backslashes and control characters escaped,
    /// so a path such as <c>C:\tools</c> or a value with a quote in it reads back as written.
    /// </summary>
    public static string Quote(string text)
    {
        var quoted = new System.Text.StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\b' => quoted.Append("\\b"),
                '\t' => quoted.Append("\\t"),
                '\n' => quoted.Append("\\n"),
                '\f' => quoted.Append("\\f"),
                '\r' => quoted.Append("\\r"),
                < ' ' or '\u007f' => quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>An enum member as this configuration writes it (<c>SpinYieldPark</c> → <c>spin_yield_park</c>).</summary>
    public static string SnakeCase(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static bool TryScale(string number, long unit, out long bytes)
    {
        bytes = 0;
        return long.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long amount)
            && amount <= long.MaxValue / unit
            && (bytes = amount * unit) >= 0;
    }
}
