using System.Diagnostics;
using NCalc;
using NCalc.Exceptions;
using Reflow.Components.Data;
using Reflow.Messages;

namespace Reflow.Components.Expressions;

/// <summary>
/// One expression of the standard library's expression syntax (NCalc's, with dotted field paths), parsed once when
/// a node starts and evaluated per message against named message variables (<c>value</c>, and per component
/// <c>index</c>, <c>acc</c>, …). Owned by one actor: not thread-safe.
/// </summary>
/// <remarks>
/// <para>Syntax (see docs/components.md, "Expressions"): NCalc's operators (<c>+ - * / % **</c>, comparisons
/// <c>== != &lt; &lt;= &gt; &gt;=</c>, <c>&amp;&amp; || !</c> or <c>and or not</c>, <c>? :</c> and <c>if(c, a, b)</c>,
/// <c>in</c>), literals (<c>42</c>, <c>1.5</c>, <c>'text'</c>, <c>true</c>, <c>null</c>), NCalc's built-in functions
/// and <see cref="ExpressionFunctions.Catalog"/>, Array literals <c>[a, b]</c> and Object literals <c>{k: v}</c>
/// (<see cref="LiteralRewriter"/>). A variable may be followed by a dotted path (<c>value.user.name</c>,
/// <c>value.items.0</c>); a path that does not exist is <c>null</c>. <c>/</c> always divides as Floats; Integers stay
/// Integers under <c>+ - * %</c>, and an Integer overflow is an error rather than a wrap-around. <c>+</c> joins text
/// when either side is a String.</para>
/// </remarks>
internal sealed class MessageExpression
{
    private const ExpressionOptions Options =
        ExpressionOptions.NoCache | ExpressionOptions.AllowNullParameter | ExpressionOptions.OverflowProtection
        | ExpressionOptions.NoStringTypeCoercion | ExpressionOptions.OrdinalStringComparer | ExpressionOptions.IgnoreCaseAtBuiltInFunctions;

    private readonly LogicalExpression _parsed;
    private readonly ExpressionRegexes _regexes;
    private readonly string[] _names;
    private readonly Message[] _values;
    private readonly Dictionary<string, (int Variable, MessagePath? Path)> _parameters = new(StringComparer.Ordinal);
    private MessageEvaluationVisitor _visitor;
    private int _pathVariable = -1; // the expression is one variable or path alone: read it without NCalc
    private MessagePath? _path;
    private TypedNode? _typed; // the expression uses only forms the typed evaluator knows: try it before NCalc

    private MessageExpression(string text, Expression expression, ExpressionRegexes regexes, string[] names)
    {
        Text = text;
        _parsed = expression.LogicalExpression!;
        _regexes = regexes;
        _names = names;
        _values = new Message[names.Length];
        _visitor = null!; // bound in Parse, once the variables are
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>How many regular expressions this expression has compiled so far (for tests of the caching).</summary>
    internal int RegexCompilations => _regexes.Compilations;

    /// <summary>How many computed regular-expression patterns this expression keeps compiled now.</summary>
    internal int CachedRegexPatterns => _regexes.CachedPatterns;

    /// <summary>Whether this expression is one variable or path alone, read without NCalc (for tests of the fast path).</summary>
    internal bool IsPlainPath => _pathVariable >= 0;

    /// <summary>Whether this expression is tried with the typed evaluator before NCalc (for tests of the fast path).</summary>
    internal bool IsTyped => _typed is not null;

    /// <summary>How many evaluations NCalc has made (for tests of which cases the typed evaluator answers).</summary>
    internal int NCalcEvaluations { get; private set; }

    /// <summary>Makes every evaluation go through NCalc, for tests that compare the fast paths with it.</summary>
    internal void DisableFastPaths()
    {
        _pathVariable = -1;
        _path = null;
        _typed = null;
    }

    /// <summary>Parses <paramref name="text"/>, which may use the variables <paramref name="variables"/>.</summary>
    /// <exception cref="ExpressionException">The text does not parse, or names a variable that is not in <paramref name="variables"/>.</exception>
    public static MessageExpression Parse(string text, params string[] variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ExpressionException("the expression is empty");
        }

        string rewritten;
        try
        {
            rewritten = PathRewriter.Rewrite(LiteralRewriter.Rewrite(text));
        }
        catch (ExpressionException ex)
        {
            throw new ExpressionException($"the expression '{text}' does not parse: {ex.Message}", ex);
        }

        var expression = new Expression(rewritten, Options);
        if (expression.HasErrors())
        {
            throw new ExpressionException($"the expression '{text}' does not parse: {expression.Error?.Message}", expression.Error!);
        }

        var regexes = new ExpressionRegexes();
        try
        {
            regexes.CompileLiterals(expression.LogicalExpression!);
        }
        catch (ExpressionException ex)
        {
            throw new ExpressionException($"the expression '{text}': {ex.Message}", ex);
        }

        ExpressionFunctions.Install(expression.Functions);
        regexes.Install(expression.Functions);
        var parsed = new MessageExpression(text, expression, regexes, variables);
        foreach (string parameter in expression.GetParameterNames())
        {
            parsed.Bind(parameter);
        }

        parsed._visitor = new MessageEvaluationVisitor(parsed, expression);
        if (expression.LogicalExpression is Identifier identifier
            && parsed._parameters.TryGetValue(identifier.Name, out (int Variable, MessagePath? Path) binding) && binding.Variable >= 0)
        {
            parsed._pathVariable = binding.Variable;
            parsed._path = binding.Path;
        }
        else
        {
            parsed._typed = TypedNode.Compile(expression.LogicalExpression!, parsed);
        }

        return parsed;
    }

    /// <summary>Sets variable <paramref name="index"/> (in the order given to <see cref="Parse"/>) for the next evaluations.</summary>
    public void Set(int index, in Message value) => _values[index] = value;

    /// <summary>Evaluates the expression with the variables as set.</summary>
    /// <exception cref="ExpressionException">Evaluation failed; the message names the expression and the reason.</exception>
    public Message Evaluate()
    {
        if (_pathVariable >= 0)
        {
            return EvaluatePath();
        }

        if (_typed is not null && _typed.TryEvaluate(_values, out Message typed))
        {
            return typed; // else NCalc gives the answer or the error: the typed evaluator knows only the plain cases
        }

        NCalcEvaluations++;

        try
        {
            return ExpressionValues.ToMessage(_parsed.Accept(_visitor));
        }
        catch (Exception ex) when (ex is not ExpressionException && IsEvaluationFailure(ex))
        {
            throw new ExpressionException($"'{Text}' failed: {ex.Message}", ex);
        }
        catch (ExpressionException ex)
        {
            throw new ExpressionException($"'{Text}' failed: {ex.Message}", ex);
        }
    }

    /// <summary>Evaluates a condition: the result must be a Boolean.</summary>
    /// <exception cref="ExpressionException">Evaluation failed or gave something else than a Boolean.</exception>
    public bool EvaluateCondition()
    {
        Message result = Evaluate();
        return result.TryGetBoolean(out bool flag)
            ? flag
            : throw new ExpressionException($"the condition '{Text}' gave {result}, not a Boolean");
    }

    // A key such as value.status is read on every item: NCalc would box the value into an object and back, and go
    // through a visitor and a dictionary. The result is the one NCalc gives: the value itself, Null for a missing
    // path (and for Flow), the same error for a bracket.
    private Message EvaluatePath()
    {
        Message message = _values[_pathVariable];
        if (_path is not null && !_path.TryGet(message, out message))
        {
            return Message.Null;
        }

        return message.Kind switch
        {
            MessageKind.Flow => Message.Null,
            MessageKind.OpenBracket or MessageKind.CloseBracket => ThrowBracket(message),
            _ => message,
        };
    }

    private Message ThrowBracket(in Message bracket)
    {
        try
        {
            ExpressionValues.ToObject(bracket);
        }
        catch (ExpressionException ex)
        {
            throw new ExpressionException($"'{Text}' failed: {ex.Message}", ex);
        }

        throw new UnreachableException();
    }

    private static bool IsEvaluationFailure(Exception ex) =>
        ex is NCalcException or FormatException or InvalidCastException or InvalidOperationException or OverflowException
            or ArgumentException or DivideByZeroException or NotSupportedException or IndexOutOfRangeException;

    private void Bind(string parameter)
    {
        int dot = parameter.IndexOf('.', StringComparison.Ordinal);
        string root = dot < 0 ? parameter : parameter[..dot];
        if (root == "null")
        {
            _parameters[parameter] = (-1, null); // NCalc has no null literal: the name stands for it
            return;
        }

        int variable = Array.IndexOf(_names, root);
        if (variable < 0)
        {
            throw new ExpressionException(
                $"the expression '{Text}' uses '{root}', which is not a variable here (the variables are: {string.Join(", ", _names)})");
        }

        MessagePath? path;
        try
        {
            path = dot < 0 ? null : MessagePath.Parse(parameter[(dot + 1)..]);
        }
        catch (ArgumentException ex)
        {
            throw new ExpressionException($"the expression '{Text}': {ex.Message}", ex);
        }

        _parameters[parameter] = (variable, path);
    }

    /// <summary>The variable (-1 for <c>null</c>) and path <paramref name="name"/> was bound to at parse; false for a name that was not.</summary>
    internal bool TryGetBinding(string name, out int variable, out MessagePath? path)
    {
        bool bound = _parameters.TryGetValue(name, out (int Variable, MessagePath? Path) binding);
        (variable, path) = bound ? binding : (-1, null);
        return bound;
    }

    /// <summary>The value of variable (or path) <paramref name="name"/> now; false for a name that was not bound at parse.</summary>
    internal bool TryResolve(string name, out object? value)
    {
        if (!_parameters.TryGetValue(name, out (int Variable, MessagePath? Path) binding))
        {
            value = null;
            return false; // every name was bound at parse time; an unknown one is reported by NCalc itself
        }

        if (binding.Variable < 0)
        {
            value = null; // NCalc has no null literal: the name stands for it
            return true;
        }

        Message message = _values[binding.Variable];
        value = binding.Path is null || binding.Path.TryGet(message, out message)
            ? ExpressionValues.ToObject(message)
            : null; // a missing field is null, so conditions can test for it
        return true;
    }
}
