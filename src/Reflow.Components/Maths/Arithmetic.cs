using System.Runtime.CompilerServices;
using Reflow.Messages;

namespace Reflow.Components.Maths;

/// <summary>
/// The numeric rules of the math components, on scalars only (no allocation): two Integers give an Integer, checked
/// for overflow; a Float on either side gives a Float; <c>/</c> always gives a Float; dividing or taking the modulo
/// by zero is an error, never Infinity or NaN.
/// </summary>
internal static class Arithmetic
{
    /// <summary>Applies <paramref name="operation"/>; on failure returns false with the reason in <paramref name="problem"/>.</summary>
    public static bool TryApply(BinaryOperation operation, in Message left, in Message right, out Message result, out string? problem)
    {
        problem = null;
        if (left.TryGetInteger(out long a) && right.TryGetInteger(out long b))
        {
            return TryIntegers(operation, a, b, out result, ref problem);
        }

        double x = ToDouble(left), y = ToDouble(right);
        switch (operation)
        {
            case BinaryOperation.Add: result = Message.Float(x + y); return true;
            case BinaryOperation.Subtract: result = Message.Float(x - y); return true;
            case BinaryOperation.Multiply: result = Message.Float(x * y); return true;
            case BinaryOperation.Divide when y == 0: break;
            case BinaryOperation.Divide: result = Message.Float(x / y); return true;
            case BinaryOperation.Modulo when y == 0: break;
            case BinaryOperation.Modulo: result = Message.Float(x % y); return true;
            case BinaryOperation.Power: result = Message.Float(System.Math.Pow(x, y)); return true;
            case BinaryOperation.Min: result = Message.Float(System.Math.Min(x, y)); return true;
            default: result = Message.Float(System.Math.Max(x, y)); return true;
        }

        result = default;
        problem = DivisionByZero(operation);
        return false;
    }

    private static bool TryIntegers(BinaryOperation operation, long a, long b, out Message result, ref string? problem)
    {
        try
        {
            switch (operation)
            {
                case BinaryOperation.Add: result = Message.Integer(checked(a + b)); return true;
                case BinaryOperation.Subtract: result = Message.Integer(checked(a - b)); return true;
                case BinaryOperation.Multiply: result = Message.Integer(checked(a * b)); return true;
                case BinaryOperation.Divide when b == 0: break;
                case BinaryOperation.Divide: result = Message.Float((double)a / b); return true;
                case BinaryOperation.Modulo when b == 0: break;
                case BinaryOperation.Modulo: result = Message.Integer(b == -1 ? 0 : a % b); return true; // long.MinValue % -1 would throw
                case BinaryOperation.Power when b < 0: result = Message.Float(System.Math.Pow(a, b)); return true;
                case BinaryOperation.Power: result = Message.Integer(Power(a, b)); return true;
                case BinaryOperation.Min: result = Message.Integer(System.Math.Min(a, b)); return true;
                default: result = Message.Integer(System.Math.Max(a, b)); return true;
            }
        }
        catch (OverflowException)
        {
            result = default;
            problem = Overflow(operation, a, b);
            return false;
        }

        result = default;
        problem = DivisionByZero(operation);
        return false;
    }

    // Exponentiation by squaring, checked: an Integer power stays exact instead of going through a double.
    private static long Power(long value, long exponent)
    {
        long result = 1;
        while (exponent > 0)
        {
            if ((exponent & 1) != 0)
            {
                result = checked(result * value);
            }

            exponent >>= 1;
            if (exponent > 0)
            {
                value = checked(value * value);
            }
        }

        return result;
    }

    /// <summary>Whether the message is an Integer or a Float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNumber(in Message message) => message.Kind is MessageKind.Integer or MessageKind.Float;

    /// <summary>A number as a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(in Message message) => message.TryGetInteger(out long integer) ? integer : message.AsFloat();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string DivisionByZero(BinaryOperation operation) =>
        operation == BinaryOperation.Divide ? "division by zero" : "modulo by zero";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Overflow(BinaryOperation operation, long a, long b) =>
        $"Integer overflow: {operation} of {a} and {b} does not fit in 64 bits";
}
