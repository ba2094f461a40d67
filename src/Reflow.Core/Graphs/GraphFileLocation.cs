using System.Text;

namespace Reflow.Graphs;

/// <summary>A place in a graph file: a line and column, a JSON path, or both.</summary>
internal readonly record struct GraphFileLocation(string? FileName, int? Line = null, int? Column = null, string? JsonPath = null)
{
    public override string ToString()
    {
        var text = new StringBuilder(FileName ?? "graph");
        if (Line is int line)
        {
            text.Append(':').Append(line);
            if (Column is int column)
            {
                text.Append(':').Append(column);
            }
        }

        if (JsonPath is not null)
        {
            text.Append(" at ").Append(JsonPath);
        }

        return text.ToString();
    }
}
