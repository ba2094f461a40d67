using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Reflow.Benchmarks.AccessLog;

/// <summary>
/// The answers of the access-log job: responses by status, the five most requested paths, total bytes, malformed lines.
/// </summary>
/// <param name="Lines">Lines read.</param>
/// <param name="Malformed">Lines that are not well-formed (<see cref="AccessLogLine"/>); they count in no other answer.</param>
/// <param name="TotalBytes">The sum of the well-formed lines' byte counts (<c>-</c> is 0).</param>
/// <param name="ByStatus">Well-formed lines per status code, by ascending code.</param>
/// <param name="TopPaths">The <see cref="TopCount"/> most requested paths (fewer when the log has fewer), by descending count, ties by
/// ordinal path order.</param>
public sealed record AccessLogAnswers(long Lines, long Malformed, long TotalBytes, IReadOnlyList<KeyValuePair<int, long>> ByStatus, IReadOnlyList<KeyValuePair<string, long>> TopPaths)
{
    /// <summary>How many paths the top list has.</summary>
    public const int TopCount = 5;

    /// <summary>
    /// The answers as the example's graph prints them through <c>reflow run</c>, one <c>port: value</c> line per exported
    /// out-port, sorted by port (the form of <c>examples/access-log/expected.txt</c>):
    /// <c>bytes: 123</c>, <c>malformed: 4</c>, <c>status: {"200":812,"404":31}</c>, <c>top: [{"path":"/","count":301},…]</c>.
    /// </summary>
    public IReadOnlyList<string> ToOutputLines() =>
    [
        "bytes: " + TotalBytes.ToString(CultureInfo.InvariantCulture),
        "malformed: " + Malformed.ToString(CultureInfo.InvariantCulture),
        "status: " + Json(w =>
        {
            w.WriteStartObject();
            foreach ((int status, long count) in ByStatus)
            {
                w.WriteNumber(status.ToString(CultureInfo.InvariantCulture), count);
            }

            w.WriteEndObject();
        }),
        "top: " + Json(w =>
        {
            w.WriteStartArray();
            foreach ((string path, long count) in TopPaths)
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteNumber("count", count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }),
    ];

    /// <summary>The answers as a markdown table (the example's README).</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"| answer | value |\n|---|---:|\n| lines | {Lines:N0} |\n| malformed lines | {Malformed:N0} |\n| total bytes | {TotalBytes:N0} |\n");
        foreach ((int status, long count) in ByStatus)
        {
            text.Append(CultureInfo.InvariantCulture, $"| status {status} | {count:N0} |\n");
        }

        for (int i = 0; i < TopPaths.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| top path {i + 1}: `{TopPaths[i].Key}` | {TopPaths[i].Value:N0} |\n");
        }

        return text.ToString();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
