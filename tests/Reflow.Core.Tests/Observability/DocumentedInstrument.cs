using System.Text.RegularExpressions;
using Reflow.Tests.Graphs;

namespace Reflow.Tests.Observability;

/// <summary>One row of the instrument table in docs/observability.md (between its instruments markers).</summary>
internal sealed partial record DocumentedInstrument(string Name, string Kind, string Unit)
{
    private const string Begin = "<!-- instruments:begin -->";
    private const string End = "<!-- instruments:end -->";

    /// <summary>The rows of the Reflow.Network meter's table, read from the repository's docs/observability.md.</summary>
    public static IReadOnlyList<DocumentedInstrument> ReadAll()
    {
        string path = Path.Combine(GraphCorpus.RepositoryRoot(), "docs", "observability.md");
        string text = File.ReadAllText(path);
        int begin = text.IndexOf(Begin, StringComparison.Ordinal);
        int end = text.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidDataException($"{path}: the instrument table must sit between '{Begin}' and '{End}'.");
        }

        var rows = new List<DocumentedInstrument>();
        foreach (string line in text[(begin + Begin.Length)..end].Split('\n'))
        {
            Match row = Row().Match(line);
            if (row.Success)
            {
                rows.Add(new DocumentedInstrument(row.Groups["name"].Value, row.Groups["kind"].Value.Trim(), row.Groups["unit"].Value));
            }
            else if (line.TrimStart().StartsWith("| `", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path}: an instrument row must read | `name` | Kind | `unit` | ...: {line}");
            }
        }

        return rows;
    }

    [GeneratedRegex(@"^\|\s*`(?<name>[a-z0-9_.]+)`\s*\|\s*(?<kind>[A-Za-z]+)\s*\|\s*`(?<unit>[^`]*)`\s*\|")]
    private static partial Regex Row();
}
