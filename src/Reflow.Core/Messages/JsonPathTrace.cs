using System.Text;

namespace Reflow.Messages;

/// <summary>
/// Recovers the JSON path of a read error without tracking the path while reading.
/// </summary>
/// <remarks>
/// Each array/object frame of the reader has an exception filter that calls <see cref="Record(Exception, int, long)"/>
/// and returns <see langword="false"/>: filters run during the first pass of exception handling,
/// innermost frame first, before anything unwinds, so the frames add their segments in order and the
/// exception keeps travelling to the public entry point, which calls <see cref="Take"/>. The happy
/// path pays nothing. The segments live in a thread-static list keyed by the exception instance,
/// because the frames cannot share a local and a filter runs on the throwing thread.
/// </remarks>
internal static class JsonPathTrace
{
    [ThreadStatic]
    private static Exception? t_owner;

    [ThreadStatic]
    private static List<Segment>? t_segments;

    [ThreadStatic]
    private static long t_offset;

    /// <summary>Adds an array index segment; returns false so the filter does not catch.</summary>
    public static bool Record(Exception exception, int index, long tokenOffset) =>
        Add(exception, new Segment(null, index), tokenOffset);

    /// <summary>Adds a property name segment; returns false so the filter does not catch.</summary>
    public static bool Record(Exception exception, string name, long tokenOffset) =>
        Add(exception, new Segment(name, 0), tokenOffset);

    /// <summary>Returns the path recorded for <paramref name="exception"/> (<c>$</c> when none) and forgets it.</summary>
    public static string Take(Exception exception, out long? innermostOffset)
    {
        List<Segment>? segments = t_segments;
        if (!ReferenceEquals(t_owner, exception) || segments is null)
        {
            innermostOffset = null;
            return "$";
        }

        innermostOffset = t_offset;
        var path = new StringBuilder("$");
        for (int i = segments.Count - 1; i >= 0; i--)
        {
            segments[i].AppendTo(path);
        }

        segments.Clear();
        t_owner = null;
        return path.ToString();
    }

    private static bool Add(Exception exception, Segment segment, long tokenOffset)
    {
        List<Segment> segments = t_segments ??= [];
        if (!ReferenceEquals(t_owner, exception))
        {
            // A new error: anything left over belongs to an exception nobody converted.
            t_owner = exception;
            segments.Clear();
            t_offset = tokenOffset;
        }

        segments.Add(segment);
        return false;
    }

    private readonly record struct Segment(string? Name, int Index)
    {
        public void AppendTo(StringBuilder path)
        {
            if (Name is null)
            {
                path.Append('[').Append(Index).Append(']');
            }
            else if (IsIdentifier(Name))
            {
                path.Append('.').Append(Name);
            }
            else
            {
                path.Append("['").Append(Name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }

        private static bool IsIdentifier(string name)
        {
            if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            {
                return false;
            }

            foreach (char c in name)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '$')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
