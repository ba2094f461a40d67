using NCalc;

namespace Reflow.Components.Expressions;

/// <summary>Walks a parsed NCalc expression, for what is prepared once per expression when it is parsed.</summary>
internal static class ExpressionTree
{
    /// <summary>Calls <paramref name="visit"/> for every function call in <paramref name="root"/>, outer calls before the calls in their arguments.</summary>
    public static void ForEachFunction(LogicalExpression root, Action<Function> visit)
    {
        switch (root)
        {
            case Function function:
                visit(function);
                foreach (LogicalExpression parameter in function.Parameters)
                {
                    ForEachFunction(parameter, visit);
                }

                break;
            case BinaryExpression binary:
                ForEachFunction(binary.LeftExpression, visit);
                ForEachFunction(binary.RightExpression, visit);
                break;
            case TernaryExpression ternary:
                ForEachFunction(ternary.LeftExpression, visit);
                ForEachFunction(ternary.MiddleExpression, visit);
                ForEachFunction(ternary.RightExpression, visit);
                break;
            case UnaryExpression unary:
                ForEachFunction(unary.Expression, visit);
                break;
            case LogicalExpressionList list:
                foreach (LogicalExpression item in list)
                {
                    ForEachFunction(item, visit);
                }

                break;
        }
    }
}
