using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Reflow.Graphs;

namespace Reflow.Distributed.Partitioning;

/// <summary>
/// The two ends of a connection as a deployment file names them: <c>node.PORT -&gt; node.PORT</c>, with an
/// optional index (<c>PORT[1]</c>) on either side — the text <see cref="GraphConnection.ToString"/> writes.
/// </summary>
internal readonly record struct EdgeEnds(NodePort From, NodePort To)
{
    /// <summary>Whether <paramref name="connection"/> joins these ends (node ids exactly, ports as the graph compares them).</summary>
    public bool Matches(GraphConnection connection, StringComparison portComparison) =>
        Same(From, connection.From, portComparison) && Same(To, connection.To, portComparison);

    public static bool TryParse(string text, out EdgeEnds ends, [NotNullWhen(false)] out string? error)
    {
        ends = default;
        int arrow = text.IndexOf("->", StringComparison.Ordinal);
        if (arrow < 0 || text.IndexOf("->", arrow + 2, StringComparison.Ordinal) >= 0)
        {
            error = "an edge is written \"node.PORT -> node.PORT\" (one arrow)";
            return false;
        }

        if (!TryParseEnd(text[..arrow].Trim(), out NodePort from, out error) || !TryParseEnd(text[(arrow + 2)..].Trim(), out NodePort to, out error))
        {
            return false;
        }

        ends = new EdgeEnds(from, to);
        return true;
    }

    private static bool TryParseEnd(string text, out NodePort port, [NotNullWhen(false)] out string? error)
    {
        port = default;
        int? index = null;
        string body = text;
        if (text.EndsWith(']'))
        {
            int open = text.LastIndexOf('[');
            if (open < 0 || !int.TryParse(text.AsSpan(open + 1, text.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int i))
            {
                error = $"'{text}' has an index that is not a number 0 or more (\"node.PORT[1]\")";
                return false;
            }

            index = i;
            body = text[..open];
        }

        // A port name has no dot, a node id may (JSON graphs allow it): the last dot separates them.
        int dot = body.LastIndexOf('.');
        if (dot <= 0 || dot == body.Length - 1 || body.Contains(' ', StringComparison.Ordinal))
        {
            error = $"'{text}' is not \"node.PORT\"";
            return false;
        }

        port = new NodePort(body[..dot], body[(dot + 1)..], index);
        error = null;
        return true;
    }

    private static bool Same(NodePort a, NodePort b, StringComparison portComparison) =>
        string.Equals(a.Node, b.Node, StringComparison.Ordinal) && string.Equals(a.Port, b.Port, portComparison) && a.Index == b.Index;
}
