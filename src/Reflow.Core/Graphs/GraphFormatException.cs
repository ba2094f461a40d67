namespace Reflow.Graphs;

/// <summary>
/// A graph file that cannot be read: malformed JSON or DSL, a value of the wrong kind, a key the format does
/// not allow, or references to nodes or ports that do not exist. A read that throws changes nothing.
/// </summary>
/// <remarks>
/// The message starts with the place (<c>file.fbp:3:14</c>, or <c>file.json at $.connections[2].tgt</c>) and
/// says what was found and what was expected. The same facts are in the properties. When a file has several
/// reference errors, all of them are listed in <see cref="Problems"/> (and in the message), not only the first.
/// </remarks>
public sealed class GraphFormatException : FormatException
{
    /// <summary>Creates an exception with a default message.</summary>
    public GraphFormatException()
        : base("The graph file is not valid.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public GraphFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    public GraphFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal GraphFormatException(GraphFileLocation location, string expected, string found, Exception? innerException = null)
        : base($"{location}: expected {expected}, but found {found}.", innerException)
    {
        FileName = location.FileName;
        Line = location.Line;
        Column = location.Column;
        JsonPath = location.JsonPath;
        Expected = expected;
        Found = found;
    }

    internal GraphFormatException(string? fileName, IReadOnlyList<GraphProblem> problems)
        : base(
            $"{fileName ?? "the graph"} has {problems.Count} error(s):{Environment.NewLine}"
            + string.Join(Environment.NewLine, problems.Select(p => "  " + p.Location + ": " + p.Message)))
    {
        FileName = fileName;
        Problems = problems;
        Expected = problems.Count > 0 ? "references to existing nodes and ports" : null;
        Found = problems.Count > 0 ? problems[0].Message : null;
    }

    /// <summary>The file, when it was read from one or its name was given.</summary>
    public string? FileName { get; }

    /// <summary>The one-based line of the problem, when known.</summary>
    public int? Line { get; }

    /// <summary>The one-based column (in characters for the DSL, in bytes for JSON), when known.</summary>
    public int? Column { get; }

    /// <summary>The JSON path of the value that is wrong (<c>$.processes.a.component</c>), for JSON formats.</summary>
    public string? JsonPath { get; }

    /// <summary>What the reader expected at that place.</summary>
    public string? Expected { get; }

    /// <summary>What it found there.</summary>
    public string? Found { get; }

    /// <summary>Every reference error of the file, when the read failed because of them; empty otherwise.</summary>
    public IReadOnlyList<GraphProblem> Problems { get; } = [];
}
