using CsCheck;
using Reflow.Messages;

namespace Reflow.Tests.Properties;

/// <summary>Random messages: every kind, nested, with any Unicode, any bytes and every kind of double.</summary>
internal static class MessageGen
{
    private static readonly Gen<string> Key = Generators.Text(6);

    private static readonly Gen<Message> NativeScalar = Gen.Frequency(
        (1, Gen.Const(Message.Null)),
        (1, Gen.Bool.Select(Message.Boolean)),
        (2, Gen.Long.Select(Message.Integer)),
        (2, Generators.FiniteDouble.Select(Message.Float)),
        (3, Generators.Text().Select(Message.String)));

    /// <summary>Scalars of every kind, the ones JSON has no notation for included.</summary>
    public static readonly Gen<Message> Scalar = Gen.Frequency(
        (6, NativeScalar),
        (1, Gen.Const(Message.Flow)),
        (2, Generators.AnyDouble.Select(Message.Float)),
        (1, Generators.Text().Select(Message.Error)),
        (2, Gen.Byte.Array[0, 40].Select(b => Message.Bytes(b))));

    /// <summary>Any message: every kind, nested up to four arrays and objects deep, brackets (with and without values) anywhere.</summary>
    public static readonly Gen<Message> Any = Nested(brackets: true);

    /// <summary>Any message without a bracket inside an array or object (which no JSON form can write), brackets at the top.</summary>
    public static readonly Gen<Message> Writable = Gen.Frequency((4, Nested(brackets: false)), (1, Bracket(Scalar)));

    private static Gen<Message> Bracket(Gen<Message> value) => Gen.Frequency(
        (1, Gen.OneOf(Gen.Const(Message.OpenBracket()), Gen.Const(Message.CloseBracket()))),
        (2, Gen.Select(Gen.Bool, value).Select((open, inner) => open ? Message.OpenBracket(inner) : Message.CloseBracket(inner))));

    private static Gen<Message> Nested(bool brackets) => Gen.Recursive<Message>((depth, value) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (5, Scalar),
            (1, value.Array[0, 5].Select(items => Message.Array(items))),
            (1, Gen.Select(Key, value).Array[0, 5].Select(ObjectOf)),
            (brackets ? 1 : 0, Bracket(Scalar))));

    /// <summary>Messages of the kinds plain JSON carries exactly: null, Booleans, Integers, finite Floats, Strings, arrays, objects.</summary>
    public static readonly Gen<Message> JsonNative = Gen.Recursive<Message>((depth, value) => depth >= 4
        ? NativeScalar
        : Gen.Frequency(
            (5, NativeScalar),
            (1, value.Array[0, 5].Select(items => Message.Array(items))),
            (1, Gen.Select(Key, value).Array[0, 5].Select(ObjectOf))));

    /// <summary>
    /// What the tagged JSON form carries exactly: any kind at the top (a bracket's value too), plain JSON inside
    /// arrays and objects, where the tagged form writes elements in the plain form.
    /// </summary>
    public static readonly Gen<Message> TaggedExact = Gen.Frequency(
        (3, JsonNative),
        (2, Scalar),
        (1, Gen.OneOf(Gen.Const(Message.OpenBracket()), Gen.Const(Message.CloseBracket()))),
        (1, Gen.Select(Gen.Bool, Gen.OneOf(Scalar, JsonNative)).Select((open, inner) => open ? Message.OpenBracket(inner) : Message.CloseBracket(inner))));

    /// <summary>Messages whose binary form is well past a few KB: long strings and byte runs, and arrays of many messages.</summary>
    public static readonly Gen<Message> Large = Gen.OneOf(
        Gen.Select(Generators.Text(3).Where(s => s.Length > 0), Gen.Int[1100, 5000]).Select((s, n) => Message.String(string.Concat(Enumerable.Repeat(s, n)))),
        Gen.Select(Gen.Byte.Array[1, 8], Gen.Int[200, 2000]).Select((b, n) => Message.Bytes([.. Enumerable.Repeat(b, n).SelectMany(x => x)])),
        Gen.Byte.Array[2000, 6000].Select(b => Message.Bytes(b)), // incompressible: stored as is above the threshold
        Gen.Select(Any, Gen.Int[100, 400]).Select((m, n) => Message.Array(Enumerable.Repeat(m, n))),
        Any.Array[200, 300].Select(items => Message.Array(items)));

    public static Message ObjectOf((string Key, Message Value)[] entries)
    {
        var unique = new Dictionary<string, Message>(StringComparer.Ordinal);
        foreach ((string key, Message value) in entries)
        {
            unique.TryAdd(key, value);
        }

        return Message.Object(unique);
    }
}
