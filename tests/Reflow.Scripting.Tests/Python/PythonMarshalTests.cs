using System.Collections.Immutable;
using System.Text;
using Reflow.Messages;
using Reflow.Scripting.Python;

namespace Reflow.Scripting.Tests.Python;

/// <summary>The host's marshal (version 2 subset) against the real python3: what the host writes Python reads, and back.</summary>
public sealed class PythonMarshalTests
{
    public static TheoryData<string> Kinds => new()
    {
        "none", "true", "false", "zero", "i32max", "i32min", "i32max+1", "i32min-1", "i64max", "i64min", "float", "negzero", "nan", "inf",
        "string", "unicode", "longstring", "bytes", "emptybytes", "emptylist", "emptydict", "list", "dict", "nested200",
    };

    private static Message Sample(string kind) => kind switch
    {
        "none" => Message.Null,
        "true" => Message.Boolean(true),
        "false" => Message.Boolean(false),
        "zero" => Message.Integer(0),
        "i32max" => Message.Integer(int.MaxValue),
        "i32min" => Message.Integer(int.MinValue),
        "i32max+1" => Message.Integer(int.MaxValue + 1L),
        "i32min-1" => Message.Integer(int.MinValue - 1L),
        "i64max" => Message.Integer(long.MaxValue),
        "i64min" => Message.Integer(long.MinValue),
        "float" => Message.Float(3.141592653589793),
        "negzero" => Message.Float(-0.0),
        "nan" => Message.Float(double.NaN),
        "inf" => Message.Float(double.NegativeInfinity),
        "string" => Message.String("hello"),
        "unicode" => Message.String("héllo wörld ✓ 𝄞"),
        "longstring" => Message.String(new string('x', 1_000_000) + "é"),
        "bytes" => Message.Bytes([0, 1, 2, 255, 128]),
        "emptybytes" => Message.Bytes([]),
        "emptylist" => Message.Array(ImmutableArray<Message>.Empty),
        "emptydict" => Message.Object(MessageObject.Empty),
        "list" => Message.Array(Message.Integer(1), Message.String("two"), Message.Null, Message.Float(4.5)),
        "dict" => Message.Object(
            new KeyValuePair<string, Message>("a", Message.Integer(1)),
            new KeyValuePair<string, Message>("b", Message.Array(Message.Boolean(false))),
            new KeyValuePair<string, Message>("c", Message.Object(new KeyValuePair<string, Message>("d", Message.Integer(long.MinValue))))),
        "nested200" => Nested(200),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Message Nested(int depth)
    {
        Message value = Message.Integer(7);
        for (int i = 0; i < depth; i++)
        {
            value = i % 2 == 0 ? Message.Array(value) : Message.Object(new KeyValuePair<string, Message>("k", value));
        }

        return value;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_round_trips_through_python(string kind)
    {
        Message sample = Sample(kind);
        byte[] written = Write(sample);
        byte[] back = PythonProcess.Run(PythonProcess.RoundTrip, written);

        Message read = Read(back);
        if (kind == "nan")
        {
            Assert.True(double.IsNaN(read.AsFloat()));
        }
        else if (kind == "negzero")
        {
            Assert.True(double.IsNegative(read.AsFloat()) && read.AsFloat() == 0);
        }
        else
        {
            Assert.Equal(sample, read);
        }

        Assert.Equal(written, back); // Python writes exactly what the host does for this subset
    }

    [Fact]
    public void Ints_are_i_when_they_fit_32_bits_else_l()
    {
        Assert.Equal((byte)'i', Write(Message.Integer(int.MinValue))[0]);
        Assert.Equal((byte)'l', Write(Message.Integer(int.MaxValue + 1L))[0]);
    }

    [Fact]
    public void Errors_and_nested_flows_are_written_as_their_python_values()
    {
        Message value = Message.Array(Message.Error("boom"), Message.Flow);
        Assert.Equal(Message.Array(Message.String("boom"), Message.Null), Read(PythonProcess.Run(PythonProcess.RoundTrip, Write(value))));
    }

    [Fact]
    public void What_python_writes_for_tuples_bools_big_ints_and_keys_reads_as_messages()
    {
        byte[] data = PythonProcess.Run(
            "import sys, marshal; sys.stdout.buffer.write(marshal.dumps((1, True, 2**63 - 1, -2**63, {1: 'a', True: 'b', 1.5: 'c', 1e16: 'd', 0.0001: 'e', 'x': (None,)}, 'a\\udc80b'), 2))",
            []);
        Message read = Read(data);
        ImmutableArray<Message> items = read.AsArray();
        Assert.Equal(Message.Integer(1), items[0]);
        Assert.Equal(Message.Boolean(true), items[1]);
        Assert.Equal(long.MaxValue, items[2].AsInteger());
        Assert.Equal(long.MinValue, items[3].AsInteger());
        MessageObject keys = items[4].AsObject();
        Assert.Equal(["1", "1.5", "1e+16", "0.0001", "x"], keys.Keys.ToArray()); // True == 1 in Python: one key
        Assert.Equal("b", keys["1"].AsString());
        Assert.Equal(Message.Array(Message.Null), keys["x"]);
        Assert.Equal("a\uFFFD\uFFFD\uFFFDb", items[5].AsString()); // a lone surrogate decodes with replacement
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5e-300, "-2.5e-300")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(-0.0, "-0.0")]
    public void Float_keys_get_python_text(double value, string expected)
    {
        Assert.Equal(expected, PythonMarshal.FloatText(value));
        byte[] python = PythonProcess.Run($"import sys; sys.stdout.write(str(float('{value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}')))", []);
        Assert.Equal(expected, Encoding.UTF8.GetString(python));
    }

    [Fact]
    public void A_big_int_is_an_error_naming_the_path()
    {
        byte[] data = PythonProcess.Run("import sys, marshal; sys.stdout.buffer.write(marshal.dumps({'out': [1, 2**64]}, 2))", []);
        var error = Assert.Throws<InvalidDataException>(() => Read(data));
        Assert.Contains("$.out[1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("beyond 64 bits", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{1, 2}", "'<'")]
    [InlineData("frozenset([1])", "'>'")]
    [InlineData("[1, 2j]", "'y'")]
    public void Values_outside_the_subset_are_refused_with_code_and_offset(string python, string code)
    {
        byte[] data = PythonProcess.Run($"import sys, marshal; sys.stdout.buffer.write(marshal.dumps({python}, 2))", []);
        var error = Assert.Throws<InvalidDataException>(() => Read(data));
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        Assert.Contains("at byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_set_inside_a_list_is_refused_naming_its_offset_and_path()
    {
        byte[] data = PythonProcess.Run("import sys, marshal; sys.stdout.buffer.write(marshal.dumps([1, {2}], 2))", []);
        var error = Assert.Throws<InvalidDataException>(() => Read(data));
        Assert.StartsWith("Python marshal at byte 10 ($[1])", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refs_of_version_3_are_refused()
    {
        byte[] data = PythonProcess.Run("import sys, marshal; s = 'shared'; sys.stdout.buffer.write(marshal.dumps([s, s], 4))", []);
        var error = Assert.Throws<InvalidDataException>(() => Read(data));
        Assert.Contains("type code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_input_is_refused()
    {
        byte[] data = Write(Message.Array(Message.String("hello"), Message.Integer(long.MaxValue)));
        for (int cut = 0; cut < data.Length; cut++)
        {
            var error = Assert.Throws<InvalidDataException>(() => Read(data[..cut]));
            Assert.Contains("Python marshal at byte", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Nesting_of_300_is_refused_both_ways()
    {
        byte[] data = PythonProcess.Run("import sys, marshal\nv = 1\nfor _ in range(300): v = [v]\nsys.stdout.buffer.write(marshal.dumps(v, 2))", []);
        var error = Assert.Throws<InvalidDataException>(() => Read(data));
        Assert.Contains("deeper than 256", error.Message, StringComparison.Ordinal);

        Message deep = Message.Integer(1);
        for (int i = 0; i < 255; i++)
        {
            deep = Message.Array(deep);
        }

        Assert.Equal(deep, Read(Write(deep))); // 255 levels: within the limit
    }

    [Fact]
    public void A_reused_writer_gives_the_same_bytes()
    {
        using var writer = new PythonMarshalWriter(16);
        writer.WriteMessage(Sample("dict"));
        byte[] first = writer.Written.ToArray();
        writer.Reset();
        writer.WriteMessage(Sample("dict"));
        Assert.Equal(first, writer.Written.ToArray());
    }

    [Fact]
    public void A_warm_writer_allocates_nothing_per_message()
    {
        Message[] batch = [.. Enumerable.Range(0, 1000).Select(i => i % 3 == 0 ? Message.Integer(i * 1_000_000_000L) : i % 3 == 1 ? Message.String("text " + i) : Sample("dict"))];
        using var writer = new PythonMarshalWriter(16);
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            writer.Reset(5);
            writer.WriteSequenceHeader(PythonMarshal.List, batch.Length);
            foreach (Message message in batch)
            {
                writer.WriteSequenceHeader(PythonMarshal.Tuple, 2);
                writer.WriteInt(0);
                writer.WriteMessage(message);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round > 0)
            {
                Assert.Equal(0, allocated); // the first round grows the buffer; later ones reuse it
            }
        }
    }

    internal static byte[] Write(in Message message)
    {
        using var writer = new PythonMarshalWriter(16);
        writer.WriteMessage(message);
        return writer.Written.ToArray();
    }

    internal static Message Read(byte[] data)
    {
        var reader = new PythonMarshalReader();
        reader.Start(data, 0, data.Length);
        Message message = reader.ReadMessage();
        Assert.True(reader.AtEnd);
        return message;
    }
}
