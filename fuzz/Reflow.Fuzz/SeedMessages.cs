using System.Collections.Immutable;
using Reflow.Messages;

namespace Reflow.Fuzz;

/// <summary>One message of every kind the binary and JSON forms carry, for the seed corpora (<see cref="SeedWriter"/>).</summary>
internal static class SeedMessages
{
    /// <summary>Each message with a file name that says what it is.</summary>
    public static IEnumerable<(string Name, Message Message)> All()
    {
        yield return ("null", Message.Null);
        yield return ("flow", Message.Flow);
        yield return ("true", Message.Boolean(true));
        yield return ("integer", Message.Integer(-1234567890123));
        yield return ("float", Message.Float(3.25));
        yield return ("string", Message.String("héllo, wörld"));
        yield return ("error", Message.Error("the disk is full"));
        yield return ("bytes", Message.Bytes([0, 1, 2, 0xFB, 0xFC, 0xFF]));
        yield return ("array", Message.Array(Message.Integer(1), Message.String("two"), Message.Null));
        yield return ("object", Message.Object(
            new KeyValuePair<string, Message>("name", Message.String("ada")),
            new KeyValuePair<string, Message>("age", Message.Integer(36)),
            new KeyValuePair<string, Message>("tags", Message.Array(Message.String("x"), Message.Boolean(false)))));
        yield return ("nested", Message.Object(new KeyValuePair<string, Message>("a", Message.Array(
            Message.Object(new KeyValuePair<string, Message>("b", Message.Array(ImmutableArray.Create(Message.Float(-0.5)))))))));
        yield return ("open-bracket", Message.OpenBracket());
        yield return ("open-bracket-value", Message.OpenBracket(Message.String("group")));
        yield return ("close-bracket", Message.CloseBracket());
        yield return ("close-bracket-value", Message.CloseBracket(Message.Integer(7)));

        // Over the frame codec's 1 KiB compression threshold and repetitive: encoded LZ4-compressed.
        yield return ("large-compressible", Message.Array(Enumerable.Range(0, 200).Select(i => Message.String($"line {i % 10} of the log"))));
    }
}
