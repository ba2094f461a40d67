using System.Globalization;
using System.Text.RegularExpressions;
using Reflow.Benchmarks.AccessLog;

namespace Reflow.Benchmarks.Tests.AccessLog;

/// <summary>
/// The access-log job written independently of <see cref="AccessLogLoop"/>: the definition's regular expression
/// (<see cref="AccessLogLine.Pattern"/>) and LINQ over every line, to check the hand-written loop against.
/// </summary>
internal static partial class LinqAccessLog
{
    public static AccessLogAnswers Run(IReadOnlyList<string> lines)
    {
        var requests = lines
            .Select(line => Line().Match(line))
            .Where(m => m.Success && (m.Groups[9].Value == "-" || long.TryParse(m.Groups[9].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            .Select(m => new
            {
                Status = int.Parse(m.Groups[8].Value, CultureInfo.InvariantCulture),
                Path = m.Groups[6].Value,
                Bytes = m.Groups[9].Value == "-" ? 0 : long.Parse(m.Groups[9].Value, CultureInfo.InvariantCulture),
            })
            .ToList();
        return new AccessLogAnswers(
            lines.Count,
            lines.Count - requests.Count,
            requests.Sum(r => r.Bytes),
            [.. requests.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => new KeyValuePair<int, long>(g.Key, g.LongCount()))],
            [.. requests.GroupBy(r => r.Path).OrderByDescending(g => g.LongCount()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5)
                .Select(g => new KeyValuePair<string, long>(g.Key, g.LongCount()))]);
    }

    public static bool IsWellFormed(string line) => Line().IsMatch(line);

    [GeneratedRegex(AccessLogLine.Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Line();
}
