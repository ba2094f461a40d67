using System.Text;
using NCalc.Handlers;
using Reflow.Messages;

namespace Reflow.Components.Expressions;

/// <summary>The functions on Strings (some also take an Array, where the same question makes sense).</summary>
internal static partial class ExpressionFunctions
{
    private static object Contains(FunctionData args)
    {
        object? container = args.Evaluate(0);
        object? part = args.Evaluate(1);
        if (container is Message { Kind: MessageKind.Array } array)
        {
            return IndexOfElement(array.AsArray().AsSpan(), part) >= 0;
        }

        return Text(container, 0, "contains").Contains(Text(part, 1, "contains"), StringComparison.Ordinal);
    }

    private static object IndexOf(FunctionData args)
    {
        object? container = args.Evaluate(0);
        object? part = args.Evaluate(1);
        return container is Message { Kind: MessageKind.Array } array
            ? (long)IndexOfElement(array.AsArray().AsSpan(), part)
            : (long)Text(container, 0, "indexOf").IndexOf(Text(part, 1, "indexOf"), StringComparison.Ordinal);
    }

    // Numbers compare by value (1 == 1.0), as == does in expressions.
    private static int IndexOfElement(ReadOnlySpan<Message> items, object? part)
    {
        Message wanted = ExpressionValues.ToMessage(part);
        for (int i = 0; i < items.Length; i++)
        {
            Message item = items[i];
            if (item.Equals(wanted) || (IsNumber(item) && IsNumber(wanted) && ToDouble(item) == ToDouble(wanted)))
            {
                return i;
            }
        }

        return -1;
    }

    private static object Substring(FunctionData args)
    {
        if (args.Count is not (2 or 3))
        {
            throw new ExpressionException($"substr takes 2 or 3 arguments, not {args.Count}");
        }

        string text = Text(args, 0, "substr");
        long start = Integer(args.Evaluate(1), 1, "substr");
        long length = args.Count == 3 ? Integer(args.Evaluate(2), 2, "substr") : text.Length - start;
        if (start < 0 || length < 0 || start + length > text.Length)
        {
            throw new ExpressionException($"substr({start}, {length}) is outside the {text.Length} characters of the String");
        }

        return text.Substring((int)start, (int)length);
    }

    private static object Slice(FunctionData args)
    {
        if (args.Count is not (2 or 3))
        {
            throw new ExpressionException($"slice takes 2 or 3 arguments, not {args.Count}");
        }

        object? value = args.Evaluate(0);
        int length = value switch
        {
            string text => text.Length,
            Message { Kind: MessageKind.Array } array => array.AsArray().Length,
            _ => throw new ExpressionException($"slice expects a String or an Array as argument 1, got {Describe(value)}"),
        };
        int start = Clamp(Integer(args.Evaluate(1), 1, "slice"), length);
        int end = args.Count == 3 ? Clamp(Integer(args.Evaluate(2), 2, "slice"), length) : length;
        int count = Math.Max(0, end - start);
        return value is string s
            ? s.Substring(start, count)
            : Message.Array(((Message)value!).AsArray().AsSpan(start, count));
    }

    // A position as slice reads it: negative from the end, then clamped to [0, length].
    private static int Clamp(long position, int length) =>
        (int)Math.Clamp(position < 0 ? length + position : position, 0, length);

    private static object Join(FunctionData args)
    {
        object? value = args.Evaluate(0);
        if (value is not Message { Kind: MessageKind.Array } array)
        {
            throw new ExpressionException($"join expects an Array as argument 1, got {Describe(value)}");
        }

        string separator = Text(args, 1, "join");
        var text = new StringBuilder();
        ReadOnlySpan<Message> items = array.AsArray().AsSpan();
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                text.Append(separator);
            }

            text.Append(items[i].TryGetString(out string? s) ? s : MessageJson.ToJson(items[i]));
        }

        return text.ToString();
    }

    private static bool IsNumber(in Message message) => message.Kind is MessageKind.Integer or MessageKind.Float;

    private static double ToDouble(in Message message) => message.TryGetInteger(out long integer) ? integer : message.AsFloat();
}
