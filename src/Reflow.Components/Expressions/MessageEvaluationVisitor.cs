using System.Globalization;
using NCalc;
using NCalc.Factories;
using NCalc.Handlers;
using NCalc.Visitors;

namespace Reflow.Components.Expressions;

/// <summary>
/// NCalc's evaluation visitor, made once per expression instead of once per evaluation, with the library's function
/// calls and the message variables bound when the expression is parsed.
/// </summary>
/// <remarks>
/// Why: per evaluation NCalc's own path allocates a visitor, and per library function call a <see cref="FunctionData"/>,
/// a <see cref="FunctionEventArgs"/> and an async visitor it never uses, and per variable a
/// <see cref="ParameterEventArgs"/>. Here each call of a library function keeps one <see cref="FunctionData"/> (its
/// arguments are evaluated through this visitor, so the data never changes), variables are read straight from the
/// owning <see cref="MessageExpression"/>, and the async visitor NCalc creates for each operator is one cached
/// instance. NCalc's built-in functions (<c>Max</c>, <c>if</c>, …) and operators keep NCalc's own evaluation.
/// Owned by one expression, hence one actor: not thread-safe.
/// </remarks>
internal sealed class MessageEvaluationVisitor : EvaluationVisitor
{
    private readonly MessageExpression _owner;
    private readonly Dictionary<Function, (ExpressionFunction Function, FunctionData Arguments)> _calls = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the visitor of <paramref name="owner"/>, whose parsed form is <paramref name="expression"/>.</summary>
    public MessageEvaluationVisitor(MessageExpression owner, Expression expression)
        : this(owner, expression, new CachedAsyncVisitorFactory())
    {
    }

    private MessageEvaluationVisitor(MessageExpression owner, Expression expression, CachedAsyncVisitorFactory factory)
        : base(expression.Context, expression.EvaluationOptions, expression.CultureInfo, factory)
    {
        _owner = owner;
        AsyncEvaluationVisitor async = factory.CreateAsyncEvaluationVisitor(expression.Context, expression.EvaluationOptions, expression.CultureInfo, CancellationToken.None);
        IDictionary<string, ExpressionFunction> functions = expression.Context.Functions;
        ExpressionTree.ForEachFunction(expression.LogicalExpression!, call =>
        {
            if (functions.TryGetValue(call.Identifier.Name, out ExpressionFunction? function))
            {
                var arguments = new FunctionData(
                    call.Identifier.Id, call.Parameters, expression.Context, expression.EvaluationOptions, expression.CultureInfo, this, async, CancellationToken.None);
                _calls[call] = (function, arguments);
            }
        });
    }

    /// <inheritdoc/>
    public override object? Visit(Function function) =>
        _calls.TryGetValue(function, out (ExpressionFunction Function, FunctionData Arguments) call)
            ? call.Function(call.Arguments)
            : base.Visit(function);

    /// <inheritdoc/>
    public override object? Visit(Identifier identifier) =>
        _owner.TryResolve(identifier.Name, out object? value) ? value : base.Visit(identifier);

    // Hands out one async visitor: NCalc makes one for every operator it evaluates, and this library never
    // evaluates asynchronously.
    private sealed class CachedAsyncVisitorFactory : IEvaluationVisitorFactory
    {
        private AsyncEvaluationVisitor? _async;

        public EvaluationVisitor CreateEvaluationVisitor(ExpressionContext context, ExpressionEvaluationOptions options, CultureInfo cultureInfo, CancellationToken cancellationToken) =>
            new(context, options, cultureInfo, this, cancellationToken);

        public AsyncEvaluationVisitor CreateAsyncEvaluationVisitor(ExpressionContext context, ExpressionEvaluationOptions options, CultureInfo cultureInfo, CancellationToken cancellationToken) =>
            _async ??= new(context, options, cultureInfo, this, cancellationToken);
    }
}
