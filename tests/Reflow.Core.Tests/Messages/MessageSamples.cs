using Reflow.Messages;

namespace Reflow.Tests.Messages;

/// <summary>Shared test data: messages of every kind and helpers that build nested ones.</summary>
internal static class MessageSamples
{
    public const string Unicode = "héllo wörld · 日本語テキスト · emoji 😀👍🏽 · combining e\u0301 a\u0308 · nul \0 · tab\t nl\n quote\" backslash\\ · \u0001\u001f\u007f\u2028\u2029";

    private static readonly Dictionary<string, Func<Message>> Named = new()
    {
        ["flow"] = () => Message.Flow,
        ["null"] = () => Message.Null,
        ["true"] = () => Message.Boolean(true),
        ["false"] = () => Message.Boolean(false),
        ["integer"] = () => Message.Integer(42),
        ["integer-min"] = () => Message.Integer(long.MinValue),
        ["integer-max"] = () => Message.Integer(long.MaxValue),
        ["float"] = () => Message.Float(21.5),
        ["float-integral"] = () => Message.Float(2.0),
        ["float-negative-zero"] = () => Message.Float(-0.0),
        ["float-max"] = () => Message.Float(double.MaxValue),
        ["float-min"] = () => Message.Float(double.MinValue),
        ["float-epsilon"] = () => Message.Float(double.Epsilon),
        ["float-tenth"] = () => Message.Float(0.1),
        ["float-large"] = () => Message.Float(1e20),
        ["string"] = () => Message.String("sensor-7"),
        ["string-empty"] = () => Message.String(string.Empty),
        ["string-unicode"] = () => Message.String(Unicode),
        ["bytes"] = () => Message.Bytes([0x0A, 0x0B, 0x0C, 0x00, 0xFF]),
        ["bytes-empty"] = () => Message.Bytes([]),
        ["array"] = () => Message.Array(Message.Integer(1), Message.String("two"), Message.Float(3.5)),
        ["array-empty"] = () => Message.Array(),
        ["object"] = SmallObject,
        ["object-empty"] = () => Message.Object(MessageObject.Empty),
        ["object-large"] = () => LargeObject(20),
        ["error"] = () => Message.Error("boom"),
        ["error-empty"] = () => Message.Error(string.Empty),
        ["open-bracket"] = () => Message.OpenBracket(),
        ["close-bracket"] = () => Message.CloseBracket(),
        ["open-bracket-string"] = () => Message.OpenBracket(Message.String("group-1")),
        ["close-bracket-integer"] = () => Message.CloseBracket(Message.Integer(-7)),
        ["open-bracket-flow"] = () => Message.OpenBracket(Message.Flow),
        ["close-bracket-bytes"] = () => Message.CloseBracket(Message.Bytes([1, 2, 3])),
        ["open-bracket-object"] = () => Message.OpenBracket(SmallObject()),
        ["close-bracket-float"] = () => Message.CloseBracket(Message.Float(-0.0)),
        ["nested-json"] = NestedJsonNative,
        ["multi-kind"] = MultiKind,
    };

    /// <summary>Names of messages of every kind (and the empty variants), for theories.</summary>
    public static TheoryData<string> EveryKind() => new(Named.Keys);

    /// <summary>Names of messages holding only kinds that plain JSON carries.</summary>
    public static TheoryData<string> JsonNativeKinds() =>
        new(Named.Keys.Where(name => IsJsonNative(Get(name))));

    public static Message Get(string name) => Named[name]();

    private static bool IsJsonNative(Message message) => message.Kind switch
    {
        MessageKind.Flow or MessageKind.Bytes or MessageKind.Error or MessageKind.OpenBracket or MessageKind.CloseBracket => false,
        MessageKind.Array => message.AsArray().All(IsJsonNative),
        MessageKind.Object => message.AsObject().Values.All(IsJsonNative),
        _ => true,
    };

    public static Message SmallObject() => Message.Object(
        new("id", Message.Integer(42)),
        new("name", Message.String("sensor-7")),
        new("value", Message.Float(21.5)),
        new("tags", Message.Array(Message.String("a"), Message.String("b"))));

    public static Message LargeObject(int count)
    {
        MessageObject.Builder builder = MessageObject.CreateBuilder(count);
        for (int i = 0; i < count; i++)
        {
            builder.Add($"key{i}", Message.Integer(i));
        }

        return Message.Object(builder.ToMessageObject());
    }

    /// <summary>Every kind, nested in an array and an object.</summary>
    public static Message MultiKind() => Message.Object(
        new("flow", Message.Flow),
        new("null", Message.Null),
        new("bool", Message.Boolean(true)),
        new("int", Message.Integer(-42)),
        new("float", Message.Float(1.5)),
        new("str", Message.String("héllo")),
        new("bytes", Message.Bytes([1, 2, 3])),
        new("arr", Message.Array(Message.Integer(1), Message.String("x"), Message.Error("inner"))),
        new("obj", Message.Object(new KeyValuePair<string, Message>("k", Message.Null))),
        new("err", Message.Error("boom")));

    /// <summary>Nested JSON-native values only, so it round-trips through plain JSON.</summary>
    public static Message NestedJsonNative() => Message.Object(
        new("null", Message.Null),
        new("bool", Message.Boolean(false)),
        new("list", Message.Array(
            Message.Integer(1),
            Message.Float(2.5),
            Message.Array(),
            Message.Object(new KeyValuePair<string, Message>("deep", Message.String("value"))))),
        new("empty", Message.Object(MessageObject.Empty)),
        new("text", Message.String(Unicode)));

    /// <summary><paramref name="depth"/> arrays nested in each other around an Integer.</summary>
    public static Message NestedArrays(int depth)
    {
        Message message = Message.Integer(1);
        for (int i = 0; i < depth; i++)
        {
            message = Message.Array(message);
        }

        return message;
    }

    /// <summary><paramref name="depth"/> objects nested in each other under key "a".</summary>
    public static Message NestedObjects(int depth)
    {
        Message message = Message.Integer(1);
        for (int i = 0; i < depth; i++)
        {
            message = Message.Object(new KeyValuePair<string, Message>("a", message));
        }

        return message;
    }

    public static byte[] DeterministicBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Asserts equality and, for Floats anywhere inside, identical bits (Equals treats 0.0 and -0.0 alike).</summary>
    public static void AssertIdentical(Message expected, Message actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected, actual);
        switch (expected.Kind)
        {
            case MessageKind.Float:
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected.AsFloat()), BitConverter.DoubleToInt64Bits(actual.AsFloat()));
                break;
            case MessageKind.Array:
                for (int i = 0; i < expected.AsArray().Length; i++)
                {
                    AssertIdentical(expected.AsArray()[i], actual.AsArray()[i]);
                }

                break;
            case MessageKind.Object:
                MessageObject expectedObject = expected.AsObject();
                MessageObject actualObject = actual.AsObject();
                Assert.Equal(expectedObject.Keys.ToArray(), actualObject.Keys.ToArray()); // order is preserved too
                for (int i = 0; i < expectedObject.Count; i++)
                {
                    AssertIdentical(expectedObject.GetValue(i), actualObject.GetValue(i));
                }

                break;
            case MessageKind.OpenBracket:
            case MessageKind.CloseBracket:
                Assert.Equal(expected.TryGetBracketValue(out Message expectedValue), actual.TryGetBracketValue(out Message actualValue));
                AssertIdentical(expectedValue, actualValue);
                break;
        }
    }
}
