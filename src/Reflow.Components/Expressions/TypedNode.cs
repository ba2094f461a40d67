using System.Globalization;
using NCalc;
using Reflow.Components.Data;
using Reflow.Messages;

namespace Reflow.Components.Expressions;

/// <summary>
/// One node of the typed evaluator: the forms a log job uses (literals, paths, <c>== !=</c>, <c>&amp;&amp; || !</c>,
/// <c>if(c, a, b)</c>, <c>int(x)</c>, <c>float(x)</c>) evaluated on messages, without NCalc's boxing, visitor and
/// event arguments.
/// </summary>
/// <remarks>
/// The evaluator gives NCalc's answer or none: <see cref="TryEvaluate"/> returns false for every case whose NCalc
/// semantics it does not copy (comparing different kinds, which NCalc coerces; a condition that is not a Boolean or
/// null; a conversion that fails; a bracket), and the whole expression is then evaluated by NCalc, which gives the
/// result or the error. Evaluation has no side effects, so starting over is safe. Immutable once built.
/// </remarks>
internal sealed class TypedNode
{
    private readonly TypedOperation _operation;
    private readonly Message _constant;
    private readonly int _variable;
    private readonly MessagePath? _path;
    private readonly TypedNode? _a;
    private readonly TypedNode? _b;
    private readonly TypedNode? _c;

    private TypedNode(TypedOperation operation, TypedNode? a = null, TypedNode? b = null, TypedNode? c = null)
    {
        _operation = operation;
        _a = a;
        _b = b;
        _c = c;
    }

    private TypedNode(Message constant)
        : this(TypedOperation.Constant) => _constant = constant;

    private TypedNode(int variable, MessagePath? path)
        : this(TypedOperation.Path)
    {
        _variable = variable;
        _path = path;
    }

    /// <summary>
    /// The node of <paramref name="expression"/>, or null when it uses anything the typed evaluator does not know
    /// (it then goes through NCalc alone). <paramref name="bind"/> gives the variable and path each name was bound to.
    /// </summary>
    public static TypedNode? Compile(LogicalExpression expression, MessageExpression bind)
    {
        switch (expression)
        {
            case ValueExpression value:
                return value.Value switch
                {
                    // chars, decimals, dates and the like compare differently in NCalc: not copied
                    long or int or double or string or bool => new TypedNode(ExpressionValues.ToMessage(value.Value)),
                    _ => null,
                };
            case Identifier identifier:
                if (!bind.TryGetBinding(identifier.Name, out int variable, out MessagePath? path))
                {
                    return null;
                }

                return variable < 0 ? new TypedNode(Message.Null) : new TypedNode(variable, path);
            case UnaryExpression unary:
                TypedOperation? unaryOperation = unary.Type switch
                {
                    UnaryExpressionType.Not => TypedOperation.Not,
                    UnaryExpressionType.Negate => TypedOperation.Negate,
                    _ => null,
                };
                return unaryOperation is { } u && Compile(unary.Expression, bind) is { } operand ? new TypedNode(u, operand) : null;
            case BinaryExpression binary:
                TypedOperation? binaryOperation = binary.Type switch
                {
                    BinaryExpressionType.Equal => TypedOperation.Equal,
                    BinaryExpressionType.NotEqual => TypedOperation.NotEqual,
                    BinaryExpressionType.And => TypedOperation.And,
                    BinaryExpressionType.Or => TypedOperation.Or,
                    _ => null,
                };
                return binaryOperation is { } o && Compile(binary.LeftExpression, bind) is { } left && Compile(binary.RightExpression, bind) is { } right
                    ? new TypedNode(o, left, right)
                    : null;
            case TernaryExpression ternary:
                return Compile(ternary.LeftExpression, bind) is { } condition
                    && Compile(ternary.MiddleExpression, bind) is { } then
                    && Compile(ternary.RightExpression, bind) is { } otherwise
                        ? new TypedNode(TypedOperation.If, condition, then, otherwise)
                        : null;
            case Function function:
                return CompileCall(function, bind);
            default:
                return null;
        }
    }

    private static TypedNode? CompileCall(Function function, MessageExpression bind)
    {
        string name = function.Identifier.Name;
        LogicalExpressionList parameters = function.Parameters;
        if (string.Equals(name, "if", StringComparison.OrdinalIgnoreCase) && parameters.Count == 3)
        {
            // NCalc's built-in if (names of built-ins ignore case here) evaluates only the branch it takes
            return Compile(parameters[0], bind) is { } condition && Compile(parameters[1], bind) is { } then && Compile(parameters[2], bind) is { } otherwise
                ? new TypedNode(TypedOperation.If, condition, then, otherwise)
                : null;
        }

        // the library's functions are found by their exact name; a wrong count is NCalc's error to report
        TypedOperation? operation = name switch
        {
            "int" => TypedOperation.ToInteger,
            "float" => TypedOperation.ToFloat,
            _ => null,
        };
        return operation is { } o && parameters.Count == 1 && Compile(parameters[0], bind) is { } argument ? new TypedNode(o, argument) : null;
    }

    /// <summary>Evaluates the node with the variables <paramref name="values"/>; false when NCalc must give the answer.</summary>
    public bool TryEvaluate(Message[] values, out Message result)
    {
        switch (_operation)
        {
            case TypedOperation.Constant:
                result = _constant;
                return true;
            case TypedOperation.Path:
                return TryReadPath(values, out result);
            case TypedOperation.Equal or TypedOperation.NotEqual:
                if (_a!.TryEvaluate(values, out Message left) && _b!.TryEvaluate(values, out Message right) && TryEqual(left, right, out bool equal))
                {
                    result = Message.Boolean(equal == (_operation == TypedOperation.Equal));
                    return true;
                }

                break;
            case TypedOperation.And or TypedOperation.Or:
                // short-circuit as NCalc does: the right side of false && … or true || … is never evaluated
                if (TryCondition(_a!, values, out bool first))
                {
                    bool decided = _operation == TypedOperation.And ? !first : first;
                    if (decided)
                    {
                        result = Message.Boolean(first);
                        return true;
                    }

                    if (TryCondition(_b!, values, out bool second))
                    {
                        result = Message.Boolean(second);
                        return true;
                    }
                }

                break;
            case TypedOperation.Not:
                if (TryCondition(_a!, values, out bool flag))
                {
                    result = Message.Boolean(!flag);
                    return true;
                }

                break;
            case TypedOperation.Negate:
                if (_a!.TryEvaluate(values, out Message operand) && TryNegate(operand, out result))
                {
                    return true;
                }

                break;
            case TypedOperation.If:
                if (TryCondition(_a!, values, out bool condition))
                {
                    return (condition ? _b! : _c!).TryEvaluate(values, out result);
                }

                break;
            case TypedOperation.ToInteger:
                if (_a!.TryEvaluate(values, out Message integer) && TryToInteger(integer, out result))
                {
                    return true;
                }

                break;
            case TypedOperation.ToFloat:
                if (_a!.TryEvaluate(values, out Message number) && TryToFloat(number, out result))
                {
                    return true;
                }

                break;
        }

        result = default;
        return false;
    }

    // What NCalc reads for a name: the value, null for a missing path and for Flow; a bracket is NCalc's error.
    private bool TryReadPath(Message[] values, out Message result)
    {
        result = values[_variable];
        if (_path is not null && !_path.TryGet(result, out result))
        {
            result = Message.Null;
            return true;
        }

        switch (result.Kind)
        {
            case MessageKind.Flow:
                result = Message.Null;
                return true;
            case MessageKind.OpenBracket or MessageKind.CloseBracket:
                return false;
            default:
                return true;
        }
    }

    // NCalc's Convert.ToBoolean, for the two kinds whose answer is plain: a Boolean, and null (false).
    private static bool TryCondition(TypedNode node, Message[] values, out bool flag)
    {
        flag = false;
        return node.TryEvaluate(values, out Message value)
            && (value.TryGetBoolean(out flag) || value.Kind == MessageKind.Null);
    }

    // Null equals only null; two values of one kind compare as that kind (Strings ordinally). NCalc coerces
    // between kinds ('12' == 12 is true, a large Integer == a Float compares as Floats): those are its to answer,
    // and so is NaN.
    private static bool TryEqual(in Message left, in Message right, out bool equal)
    {
        bool leftNull = left.Kind == MessageKind.Null;
        bool rightNull = right.Kind == MessageKind.Null;
        if (leftNull || rightNull)
        {
            equal = leftNull && rightNull;
            return true;
        }

        equal = false;
        if (left.Kind != right.Kind)
        {
            return false;
        }

        switch (left.Kind)
        {
            case MessageKind.Integer:
                equal = left.AsInteger() == right.AsInteger();
                return true;
            case MessageKind.Float:
                double a = left.AsFloat(), b = right.AsFloat();
                equal = a == b;
                return !double.IsNaN(a) && !double.IsNaN(b);
            case MessageKind.String:
                equal = string.Equals(left.AsString(), right.AsString(), StringComparison.Ordinal);
                return true;
            case MessageKind.Boolean:
                equal = left.AsBoolean() == right.AsBoolean();
                return true;
            default:
                return false;
        }
    }

    private static bool TryNegate(in Message operand, out Message result)
    {
        if (operand.TryGetInteger(out long integer) && integer != long.MinValue)
        {
            result = Message.Integer(-integer);
            return true;
        }

        if (operand.TryGetFloat(out double number))
        {
            result = Message.Float(-number);
            return true;
        }

        result = default;
        return false;
    }

    // ExpressionFunctions' int, for the values it converts; its errors are NCalc's to report.
    private static bool TryToInteger(in Message value, out Message result)
    {
        result = value;
        switch (value.Kind)
        {
            case MessageKind.Integer:
                return true;
            case MessageKind.Float:
                double number = value.AsFloat();
                if (double.IsFinite(number) && Math.Abs(number) < 9.2e18)
                {
                    result = Message.Integer((long)number);
                    return true;
                }

                return false;
            case MessageKind.Boolean:
                result = Message.Integer(value.AsBoolean() ? 1L : 0L);
                return true;
            case MessageKind.String:
                if (long.TryParse(value.AsString().AsSpan().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
                {
                    result = Message.Integer(parsed);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    // ExpressionFunctions' float, for the values it converts; its errors are NCalc's to report.
    private static bool TryToFloat(in Message value, out Message result)
    {
        result = value;
        switch (value.Kind)
        {
            case MessageKind.Float:
                return true;
            case MessageKind.Integer:
                result = Message.Float(value.AsInteger());
                return true;
            case MessageKind.String:
                if (double.TryParse(value.AsString().AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
                {
                    result = Message.Float(parsed);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }
}
