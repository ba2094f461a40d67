namespace Reflow.Scripting;

/// <summary>
/// A script failed: it does not parse, its declaration is wrong, or it threw while running. The message leads with
/// the place (<c>parse.js:12:5</c>) and ends with the script's own stack (<see cref="ScriptStackTrace"/>), not the
/// host's: what a run's failure record and the <c>reflow</c> command show is where the script went wrong.
/// </summary>
public class ScriptException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, with the place.</param>
    /// <param name="scriptStackTrace">The script's stack trace, or null.</param>
    /// <param name="file">The script's file or display name.</param>
    /// <param name="line">The line (from 1), when known.</param>
    /// <param name="column">The column (from 1), when known.</param>
    /// <param name="innerException">The engine's exception.</param>
    public ScriptException(string message, string? scriptStackTrace = null, string? file = null, int? line = null, int? column = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ScriptStackTrace = scriptStackTrace;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The place and what went wrong, then the script's stack trace on the lines below, when there is one.</summary>
    public override string Message => ScriptStackTrace is null ? base.Message : base.Message + Environment.NewLine + ScriptStackTrace;

    /// <summary>The script's stack trace (<c>at process (parse.js:12:5)</c> lines), or null.</summary>
    public string? ScriptStackTrace { get; }

    /// <summary>The script's file or display name, when known.</summary>
    public string? File { get; }

    /// <summary>The line (from 1), when known.</summary>
    public int? Line { get; }

    /// <summary>The column (from 1), when known.</summary>
    public int? Column { get; }

}
