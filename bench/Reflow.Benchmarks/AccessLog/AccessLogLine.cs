using System.Globalization;

namespace Reflow.Benchmarks.AccessLog;

/// <summary>
/// The combined log format, parsed from a span without allocating:
/// <c>host ident user [time] "METHOD target PROTOCOL" status bytes "referer" "user-agent"</c>.
/// </summary>
/// <remarks>
/// A line is well-formed exactly when it matches <see cref="Pattern"/> and its byte count fits 64 bits: single spaces
/// between fields, a three-digit status, a byte count of digits or <c>-</c> (0 bytes), a request of exactly three
/// tokens. Anything else is malformed and counts in no other answer. The answers' "path" is the request target as
/// written (query string included).
/// </remarks>
public static class AccessLogLine
{
    /// <summary>The definition of a well-formed line as a regular expression (what a graph or a script would match).</summary>
    public const string Pattern =
        "^([^ ]+) ([^ ]+) ([^ ]+) \\[([^\\]]+)\\] \"([^ \"]+) ([^ \"]+) ([^ \"]+)\" ([0-9]{3}) ([0-9]+|-) \"([^\"]*)\" \"([^\"]*)\"$";

    /// <summary>Parses <paramref name="line"/>; false when it is malformed.</summary>
    /// <param name="line">One line, without its line end.</param>
    /// <param name="status">The status code (0–999).</param>
    /// <param name="path">The request target, a slice of <paramref name="line"/>.</param>
    /// <param name="bytes">The response size; 0 for <c>-</c>.</param>
    public static bool TryParse(ReadOnlySpan<char> line, out int status, out ReadOnlySpan<char> path, out long bytes)
    {
        status = 0;
        path = default;
        bytes = 0;

        // host, ident, user: three non-empty fields, each followed by one space.
        for (int field = 0; field < 3; field++)
        {
            int space = line.IndexOf(' ');
            if (space <= 0)
            {
                return false;
            }

            line = line[(space + 1)..];
        }

        // [time]: at least one character up to the first ']', then ' "'.
        int close = line.IndexOf(']');
        if (line.IsEmpty || line[0] != '[' || close < 2 || !line[(close + 1)..].StartsWith(" \"", StringComparison.Ordinal))
        {
            return false;
        }

        // "METHOD target PROTOCOL": three non-empty tokens separated by single spaces, up to the next quote.
        line = line[(close + 3)..];
        int quote = line.IndexOf('"');
        if (quote < 0)
        {
            return false;
        }

        ReadOnlySpan<char> request = line[..quote];
        line = line[(quote + 1)..];
        int methodEnd = request.IndexOf(' ');
        if (methodEnd <= 0)
        {
            return false;
        }

        request = request[(methodEnd + 1)..];
        int targetEnd = request.IndexOf(' ');
        if (targetEnd <= 0 || targetEnd == request.Length - 1 || request[(targetEnd + 1)..].Contains(' '))
        {
            return false;
        }

        path = request[..targetEnd];

        // ' ' status ' ' bytes ' '
        if (line.Length < 5 || line[0] != ' ' || line[4] != ' ' || !IsDigit(line[1]) || !IsDigit(line[2]) || !IsDigit(line[3]))
        {
            return false;
        }

        status = ((line[1] - '0') * 100) + ((line[2] - '0') * 10) + (line[3] - '0');
        line = line[5..];
        int sizeEnd = line.IndexOf(' ');
        if (sizeEnd <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> size = line[..sizeEnd];
        if (size is not "-" && !long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out bytes))
        {
            return false;
        }

        // "referer" "user-agent": neither holds a quote, and the agent's closing quote ends the line.
        line = line[(sizeEnd + 1)..];
        if (line.IsEmpty || line[0] != '"')
        {
            return false;
        }

        int refererEnd = line[1..].IndexOf('"') + 1;
        if (refererEnd == 0 || !line[(refererEnd + 1)..].StartsWith(" \"", StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> agent = line[(refererEnd + 3)..];
        return !agent.IsEmpty && agent[^1] == '"' && !agent[..^1].Contains('"');
    }

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;
}
