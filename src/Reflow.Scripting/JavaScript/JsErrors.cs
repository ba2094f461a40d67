using Jint;
using Jint.Runtime;
using Jint.Runtime.Modules;
using AstModule = Acornima.Ast.Module;

namespace Reflow.Scripting.JavaScript;

/// <summary>Turns Jint's failures into the host's: <see cref="ScriptException"/> with the place first, or <see cref="ScriptLimitException"/> naming the limit and its setting.</summary>
internal static class JsErrors
{
    /// <summary>Parses <paramref name="code"/> as a module named <paramref name="location"/> (stack traces); a syntax error becomes a <see cref="ScriptException"/> naming <paramref name="displayName"/>:line:column.</summary>
    public static Prepared<AstModule> PrepareModule(string code, string location, string displayName)
    {
        try
        {
            return Engine.PrepareModule(code, location);
        }
        catch (ScriptPreparationException ex) when (ex.InnerException is Acornima.ParseErrorException parse)
        {
            throw new ScriptException($"{displayName}:{parse.LineNumber}:{parse.Column}: syntax error: {parse.Description}", file: displayName,
                line: parse.LineNumber, column: parse.Column, innerException: ex);
        }
    }

    /// <summary>The host's form of <paramref name="exception"/>, thrown while <paramref name="what"/> ran, or null when it is not the script's failure.</summary>
    public static ScriptException? Translate(Exception exception, ScriptLimits limits, string displayName, string what)
    {
        switch (exception)
        {
            case ScriptException script:
                return script;
            case JavaScriptException js when IsStackOverflow(js):
                return new ScriptLimitException("max_recursion",
                    $"{Place(js, displayName)}: {what} ran out of stack (the engine's stack guard: calls nested too deep for the thread); recursion deeper than this cannot be allowed, restructure the script (max_recursion is {limits.MaxRecursion})",
                    js.JavaScriptStackTrace, js);
            case JavaScriptException js:
                return new ScriptException($"{Place(js, displayName)}: {what} threw: {js.Message}", js.JavaScriptStackTrace, FileOf(js, displayName),
                    js.Location.Start.Line, js.Location.Start.Column + 1, js);
            case JsEventLoop.DeadlineException:
                return Limit("timeout", $"{what} cannot settle within the timeout of {limits.Timeout?.TotalMilliseconds} ms: it waits for a timer due later", displayName, exception);
            case TimeoutException:
                return Limit("timeout", $"{what} ran longer than the timeout of {limits.Timeout?.TotalMilliseconds} ms", displayName, exception);
            case MemoryLimitExceededException:
                return Limit("memory_limit", $"{what} allocated more than the memory limit of {limits.MemoryBytes} bytes ({exception.Message})", displayName, exception);
            case StatementsCountOverflowException:
                return Limit("max_statements", $"{what} ran more than {limits.MaxStatements} statements", displayName, exception);
            case RecursionDepthOverflowException:
                return Limit("max_recursion", $"{what} nested calls deeper than {limits.MaxRecursion}", displayName, exception);
            case PromiseRejectedException rejected:
                return new ScriptException($"{displayName}: {what} was rejected: {rejected.Message}", innerException: rejected);
            case ModuleResolutionException resolution:
                return new ScriptException($"{displayName}: {resolution.Message}", innerException: resolution);
            case JintException jint:
                return new ScriptException($"{displayName}: {what} failed: {jint.Message}", innerException: jint);
            default:
                return null;
        }
    }

    private static ScriptLimitException Limit(string setting, string text, string displayName, Exception exception) =>
        new(setting, $"{displayName}: {text}; raise it with the node setting '{setting}'", innerException: exception);

    private static bool IsStackOverflow(JavaScriptException js) =>
        js.Message.Contains("Maximum call stack size exceeded", StringComparison.Ordinal);

    private static string Place(JavaScriptException js, string displayName) =>
        js.Location.Start.Line > 0 ? $"{FileOf(js, displayName)}:{js.Location.Start.Line}:{js.Location.Start.Column + 1}" : displayName;

    private static string FileOf(JavaScriptException js, string displayName)
    {
        string? file = js.Location.SourceFile;
        return string.IsNullOrEmpty(file) ? displayName : Path.IsPathRooted(file) ? Path.GetFileName(file) : file;
    }
}
