using System.Runtime.InteropServices;
using NCalc.Handlers;
using Reflow.Messages;

namespace Reflow.Components.Expressions;

/// <summary>The functions that build, measure and take apart Arrays and Objects.</summary>
internal static partial class ExpressionFunctions
{
    private static object Length(object? value) => value switch
    {
        string text => (long)text.Length,
        Message { Kind: MessageKind.Array } array => (long)array.AsArray().Length,
        Message { Kind: MessageKind.Object } obj => (long)obj.AsObject().Count,
        Message { Kind: MessageKind.Bytes } bytes => (long)bytes.AsBytes().Length,
        _ => throw new ExpressionException($"len expects a String, Array, Object or Bytes, got {Describe(value)}"),
    };

    private static MessageObject ObjectArgument(object? value, string name) =>
        value is Message { Kind: MessageKind.Object } obj
            ? obj.AsObject()
            : throw new ExpressionException($"{name} expects an Object as argument 1, got {Describe(value)}");

    private static object Keys(MessageObject obj)
    {
        var keys = new Message[obj.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = Message.String(obj.GetKey(i));
        }

        return Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(keys));
    }

    private static object? Get(FunctionData args)
    {
        object? container = args.Evaluate(0);
        object? key = args.Evaluate(1);
        switch (container)
        {
            case Message { Kind: MessageKind.Object } obj:
                return obj.AsObject().TryGetValue(Text(key, 1, "get"), out Message field) ? ExpressionValues.ToObject(field) : null;
            case Message { Kind: MessageKind.Array } array:
                ReadOnlySpan<Message> items = array.AsArray().AsSpan();
                long index = Integer(key, 1, "get");
                index = index < 0 ? items.Length + index : index;
                return index >= 0 && index < items.Length ? ExpressionValues.ToObject(items[(int)index]) : null;
            case null:
                return null; // as a path through a missing field is null
            default:
                throw new ExpressionException($"get expects an Object or an Array as argument 1, got {Describe(container)}");
        }
    }

    private static object NewArray(FunctionData args)
    {
        if (args.Count == 0)
        {
            return Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(Array.Empty<Message>()));
        }

        var items = new Message[args.Count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = ExpressionValues.ToMessage(args.Evaluate(i));
        }

        return Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(items));
    }

    private static object NewObject(FunctionData args)
    {
        if (args.Count % 2 != 0)
        {
            throw new ExpressionException($"object takes keys and values in pairs, not {args.Count} arguments");
        }

        var entries = new KeyValuePair<string, Message>[args.Count / 2];
        for (int i = 0; i < entries.Length; i++)
        {
            object? key = args.Evaluate(2 * i);
            string name = key as string ?? throw new ExpressionException($"object expects a String key as argument {(2 * i) + 1}, got {Describe(key)}");
            for (int j = 0; j < i; j++)
            {
                if (string.Equals(entries[j].Key, name, StringComparison.Ordinal))
                {
                    throw new ExpressionException($"object has the key '{name}' twice (arguments {(2 * j) + 1} and {(2 * i) + 1})");
                }
            }

            entries[i] = new(name, ExpressionValues.ToMessage(args.Evaluate((2 * i) + 1)));
        }

        return Message.Object(entries);
    }
}
