using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using NCalc;
using NCalc.Handlers;
using Reflow.Messages;

namespace Reflow.Components.Expressions;

/// <summary>
/// The regular-expression functions of one expression (<c>test</c>, <c>match</c>, <c>capture</c>,
/// <c>regexReplace</c>) and the patterns they use: a pattern written as a String literal is compiled once, when the
/// expression is parsed (so a bad one fails the node at start); a pattern computed per message goes through a
/// small <see cref="RegexCache"/>. Every match has a timeout, so a runaway pattern fails one message instead of
/// hanging the node. Owned by one expression: not thread-safe.
/// </summary>
internal sealed class ExpressionRegexes
{
    /// <summary>How many computed patterns an expression keeps compiled.</summary>
    public const int DynamicCapacity = 16;

    /// <summary>The longest one match (or replacement) may take.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private static readonly string[] s_names = ["test", "match", "capture", "regexReplace"];

    private readonly Dictionary<LogicalExpression, Regex> _literals = new(ReferenceEqualityComparer.Instance);
    private readonly RegexCache _dynamic = new(DynamicCapacity);
    private readonly Func<string, Regex> _compileDynamic;

    /// <summary>Creates the functions' state for an expression whose patterns are not compiled yet.</summary>
    public ExpressionRegexes() => _compileDynamic = pattern => Compile(pattern, RegexOptions.None, "");

    /// <summary>How many regular expressions this expression has compiled (literal ones at parse time, then cache misses).</summary>
    public int Compilations { get; private set; }

    /// <summary>The computed patterns kept compiled now.</summary>
    public int CachedPatterns => _dynamic.Count;

    /// <summary>Compiles every String-literal pattern given to a regular-expression function in <paramref name="root"/>.</summary>
    /// <exception cref="ExpressionException">A pattern is not a valid .NET regular expression; names it and where it is wrong.</exception>
    public void CompileLiterals(LogicalExpression root) => ExpressionTree.ForEachFunction(root, function =>
    {
        if (Array.IndexOf(s_names, function.Identifier.Name) >= 0
            && function.Parameters.Count >= 2
            && function.Parameters[1] is ValueExpression { Value: string pattern } literal)
        {
            // Compiled to IL: a literal pattern typically serves every message of the run.
            _literals[literal] = Compile(pattern, RegexOptions.Compiled, $"{function.Identifier.Name}(): ");
        }
    });

    /// <summary>Adds the functions, bound to this state, to <paramref name="functions"/>.</summary>
    public void Install(IDictionary<string, ExpressionFunction> functions)
    {
        functions["test"] = Test;
        functions["match"] = Match;
        functions["capture"] = Capture;
        functions["regexReplace"] = Replace;
    }

    private object? Test(FunctionData args) => Run(args, "test", 2, static (regex, text, _) => regex.IsMatch(text));

    private object? Match(FunctionData args) => Run(args, "match", 2, static (regex, text, _) => Groups(regex.Match(text)));

    private object? Capture(FunctionData args) => Run(args, "capture", 2, static (regex, text, _) => Named(regex.Match(text)));

    private object? Replace(FunctionData args) => Run(args, "regexReplace", 3, static (regex, text, a) =>
        regex.Replace(text, ExpressionFunctions.Text(a.Evaluate(2), 2, "regexReplace")));

    /// <summary>One regular-expression function: its text and pattern checked, then <paramref name="apply"/>, a timeout reported as the function's.</summary>
    private object? Run(FunctionData args, string name, int count, Func<Regex, string, FunctionData, object?> apply)
    {
        (Regex regex, string text) = Prepare(args, name, count);
        try
        {
            return apply(regex, text, args);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw TimedOut(name, regex, text, ex);
        }
    }

    private (Regex Regex, string Text) Prepare(FunctionData args, string name, int count)
    {
        string text = ExpressionFunctions.Text(args, 0, name, count);
        return (Pattern(args, name), text);
    }

    private static ExpressionException TimedOut(string name, Regex regex, string text, RegexMatchTimeoutException ex) =>
        new($"{name}: matching /{regex}/ took longer than {ex.MatchTimeout.TotalMilliseconds} ms on a String of {text.Length} characters", ex);

    private Regex Pattern(FunctionData args, string name)
    {
        if (_literals.TryGetValue(args[1], out Regex? literal))
        {
            return literal;
        }

        string pattern = ExpressionFunctions.Text(args.Evaluate(1), 1, name);
        try
        {
            return _dynamic.GetOrAdd(pattern, _compileDynamic);
        }
        catch (ExpressionException ex)
        {
            throw new ExpressionException($"{name}(): {ex.Message}", ex);
        }
    }

    // Interpreted for computed patterns: one that changes per message would pay for IL generation on every miss.
    private Regex Compile(string pattern, RegexOptions options, string where)
    {
        try
        {
            var regex = new Regex(pattern, options | RegexOptions.CultureInvariant, MatchTimeout);
            Compilations++;
            return regex;
        }
        catch (RegexParseException ex)
        {
            throw new ExpressionException($"{where}/{pattern}/ is not a valid regular expression: {ex.Error} at offset {ex.Offset}", ex);
        }
    }

    private static object? Groups(System.Text.RegularExpressions.Match match)
    {
        if (!match.Success)
        {
            return null;
        }

        var groups = new Message[match.Groups.Count];
        for (int i = 0; i < groups.Length; i++)
        {
            Group group = match.Groups[i];
            groups[i] = group.Success ? Message.String(group.Value) : Message.Null;
        }

        return Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(groups));
    }

    private static object? Named(System.Text.RegularExpressions.Match match)
    {
        if (!match.Success)
        {
            return null;
        }

        MessageObject.Builder named = MessageObject.CreateBuilder();
        for (int i = 1; i < match.Groups.Count; i++)
        {
            Group group = match.Groups[i];
            if (!char.IsAsciiDigit(group.Name[0])) // numbered groups are match's business
            {
                named.Add(group.Name, group.Success ? Message.String(group.Value) : Message.Null);
            }
        }

        return Message.Object(named.ToMessageObject());
    }
}
