namespace Reflow.Scripting;

/// <summary>A script call hit one of its <see cref="ScriptLimits"/>; the message names the limit, its value and the setting that raises it.</summary>
public sealed class ScriptLimitException : ScriptException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limit">The setting of the limit hit: <c>timeout</c>, <c>memory_limit</c>, <c>max_statements</c>, <c>max_recursion</c>.</param>
    /// <param name="message">What happened, with the place when known.</param>
    /// <param name="scriptStackTrace">The script's stack when the limit hit, or null.</param>
    /// <param name="innerException">The engine's exception.</param>
    public ScriptLimitException(string limit, string message, string? scriptStackTrace = null, Exception? innerException = null)
        : base(message, scriptStackTrace, innerException: innerException)
    {
        Limit = limit;
    }

    /// <summary>The setting of the limit hit: <c>timeout</c>, <c>memory_limit</c>, <c>max_statements</c> or <c>max_recursion</c>.</summary>
    public string Limit { get; }
}
