using System.Runtime.InteropServices;
using System.Text;

namespace Reflow.Benchmarks.AccessLog;

/// <summary>
/// The hand-written baseline of the access-log job: one pass over the file, a <see cref="StreamReader"/> line by line,
/// <see cref="AccessLogLine.TryParse"/> on the line's span, an array of counts per status and a dictionary of counts per
/// path looked up by span (a path's string is made once, on its first request). What a developer would write by hand,
/// and what the graph is measured against.
/// </summary>
public static class AccessLogLoop
{
    /// <summary>Runs the job over the file at <paramref name="path"/>.</summary>
    public static AccessLogAnswers Run(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        return Run(reader);
    }

    /// <summary>Runs the job over the lines of <paramref name="reader"/>.</summary>
    public static AccessLogAnswers Run(TextReader reader)
    {
        var statuses = new long[1000];
        var paths = new Dictionary<string, long>(StringComparer.Ordinal);
        Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> byPath = paths.GetAlternateLookup<ReadOnlySpan<char>>();
        long lines = 0;
        long malformed = 0;
        long bytes = 0;
        while (reader.ReadLine() is { } line)
        {
            lines++;
            if (!AccessLogLine.TryParse(line, out int status, out ReadOnlySpan<char> target, out long size))
            {
                malformed++;
                continue;
            }

            statuses[status]++;
            bytes += size;
            CollectionsMarshal.GetValueRefOrAddDefault(byPath, target, out _)++;
        }

        var byStatus = new List<KeyValuePair<int, long>>();
        for (int status = 0; status < statuses.Length; status++)
        {
            if (statuses[status] > 0)
            {
                byStatus.Add(new(status, statuses[status]));
            }
        }

        KeyValuePair<string, long>[] ranked = [.. paths];
        Array.Sort(ranked, static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        return new AccessLogAnswers(lines, malformed, bytes, byStatus, ranked[..Math.Min(AccessLogAnswers.TopCount, ranked.Length)]);
    }
}
