using CsCheck;
using Reflow.Messages;
using Reflow.Scripting.Python;

namespace Reflow.Scripting.Tests.Python;

/// <summary>
/// The marshal codec under random inputs (CsCheck; a failure prints the seed and the shrunk input): every message of the
/// kinds a plain value carries comes back equal, and no byte string a worker could send makes the reader throw anything
/// but its documented <see cref="InvalidDataException"/>, or allocate for a count the bytes cannot hold.
/// </summary>
public sealed class PythonMarshalPropertyTests
{
    private static readonly Gen<string> Text = Gen.String[Gen.Char.AlphaNumeric, 0, 12]
        .Select(Gen.Int[0, 3], (s, pick) => pick switch { 0 => s, 1 => s + "é", 2 => "日本" + s, _ => s + "🙂" });

    private static readonly Gen<Message> Scalar = Gen.OneOf(
        Gen.Const(Message.Null),
        Gen.Bool.Select(Message.Boolean),
        Gen.Long.Select(Message.Integer),
        Gen.Int[-1000, 1000].Select(i => Message.Integer(i)),
        Gen.Double.Where(double.IsFinite).Select(Message.Float),
        Text.Select(Message.String),
        Gen.Byte.Array[0, 16].Select(b => Message.Bytes(b)));

    private static readonly Gen<Message> Value = Gen.Recursive<Message>((depth, value) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, value.Array[0, 5].Select(items => Message.Array(items))),
            (1, Gen.Select(Text, value).Array[0, 5].Select(ObjectOf))));

    [Fact]
    public void Every_plain_message_comes_back_equal() =>
        Value.Sample(message => Assert.Equal(message, PythonMarshalTests.Read(PythonMarshalTests.Write(message))), iter: 2_000);

    [Fact]
    public void Any_bytes_are_read_or_refused_with_the_documented_exception()
    {
        // Random bytes, and written messages cut or with one byte changed: the shapes a broken worker sends.
        Gen<byte[]> noise = Gen.Byte.Array[0, 64];
        Gen<byte[]> damaged = Gen.Select(Value, Gen.Int[0, 1000], Gen.Byte, Gen.Bool).Select((message, at, with, cut) =>
        {
            byte[] bytes = PythonMarshalTests.Write(message);
            if (bytes.Length == 0)
            {
                return bytes;
            }

            int index = at % bytes.Length;
            if (cut)
            {
                return bytes[..index];
            }

            bytes[index] = with;
            return bytes;
        });

        Gen.OneOf(noise, damaged).Sample(bytes =>
        {
            var reader = new PythonMarshalReader();
            reader.Start(bytes, 0, bytes.Length);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                reader.ReadMessage();
            }
            catch (InvalidDataException)
            {
                // refused, saying where: the documented outcome for bad input
            }

            // A count field can claim two billion items; the reader must check it against the bytes left first.
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024 + 64 * bytes.Length, "the reader allocated far more than its input");
        }, iter: 20_000);
    }

    private static Message ObjectOf((string Key, Message Value)[] entries)
    {
        var unique = new Dictionary<string, Message>(StringComparer.Ordinal);
        foreach ((string key, Message value) in entries)
        {
            unique.TryAdd(key, value);
        }

        return Message.Object(unique);
    }
}
