using System.Buffers.Binary;
using Reflow.Messages;
using Reflow.Scripting.Python;

namespace Reflow.Scripting.Tests.Python;

/// <summary>The frames: u32 LE length of type and payload, u8 type, payload; end of stream at or inside a frame; the size limit.</summary>
public sealed class PythonChannelTests
{
    [Fact]
    public void A_frame_is_its_length_type_and_payload_and_reads_back()
    {
        var wire = new MemoryStream();
        using (var channel = new PythonChannel(Stream.Null, wire))
        {
            channel.Begin((byte)'B').WriteMessage(Message.Array(Message.Integer(1), Message.String("x")));
            channel.Send();
            channel.Begin((byte)'E');
            channel.Send();
        }

        byte[] bytes = wire.ToArray();
        Assert.Equal((uint)(1 + 5 + 5 + 6), BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal((byte)'B', bytes[4]);
        Assert.Equal([1, 0, 0, 0, (byte)'E'], bytes[^5..]);

        using var reader = new PythonChannel(new MemoryStream(bytes), Stream.Null);
        Assert.Equal('B', reader.Receive());
        var marshal = new PythonMarshalReader();
        marshal.Start(reader.Payload, 0, reader.PayloadLength);
        Assert.Equal(Message.Array(Message.Integer(1), Message.String("x")), marshal.ReadMessage());
        Assert.Equal('E', reader.Receive());
        Assert.Equal(0, reader.PayloadLength);
        Assert.Equal(PythonChannel.EndOfStream, reader.Receive());
    }

    [Fact]
    public void The_end_of_the_stream_inside_a_frame_is_the_end()
    {
        byte[] frame = [10, 0, 0, 0, (byte)'O', 1, 2, 3];
        for (int cut = 1; cut < frame.Length; cut++)
        {
            using var channel = new PythonChannel(new MemoryStream(frame[..cut]), Stream.Null);
            Assert.Equal(PythonChannel.EndOfStream, channel.Receive());
        }
    }

    [Theory]
    [InlineData(0u)]
    [InlineData((uint)PythonChannel.MaxFrameBytes + 1)]
    public void A_frame_of_no_bytes_or_over_256_MiB_is_refused(uint length)
    {
        byte[] header = new byte[5];
        BinaryPrimitives.WriteUInt32LittleEndian(header, length);
        using var channel = new PythonChannel(new MemoryStream(header), Stream.Null);
        var error = Assert.Throws<InvalidDataException>(() => channel.Receive());
        Assert.Contains($"a frame of {length} bytes", error.Message);
    }

    [Fact]
    public void The_runner_reads_the_hosts_frames_and_answers_in_kind()
    {
        // A real runner: init, one batch, stop; its replies are read back through the same channel.
        string runner = PythonRunnerFile.Path;
        var wire = new MemoryStream();
        using (var channel = new PythonChannel(Stream.Null, wire))
        {
            PythonMarshalWriter init = channel.Begin((byte)'I');
            init.WriteDictStart();
            foreach ((string key, string value) in new[] { ("source", "def process(inputs, context):\n    return inputs['in'] + 1\n"), ("filename", "t.py"), ("node_id", "n") })
            {
                init.WriteString(key);
                init.WriteString(value);
            }

            init.WriteString("inports");
            init.WriteSequenceHeader(PythonMarshal.List, 1);
            init.WriteString("in");
            init.WriteString("outports");
            init.WriteSequenceHeader(PythonMarshal.List, 1);
            init.WriteString("out");
            init.WriteDictEnd();
            channel.Send();
            PythonMarshalWriter batch = channel.Begin((byte)'B');
            batch.WriteSequenceHeader(PythonMarshal.List, 1);
            batch.WriteSequenceHeader(PythonMarshal.Tuple, 2);
            batch.WriteInt(0);
            batch.WriteInt(long.MaxValue - 1);
            channel.Send();
            channel.Begin((byte)'S');
            channel.Send();
        }

        byte[] replies = PythonProcess.Run($"import runpy, sys; sys.argv = ['{runner}']; runpy.run_path('{runner}', run_name='__main__')", wire.ToArray());
        using var reader = new PythonChannel(new MemoryStream(replies), Stream.Null);
        Assert.Equal('R', reader.Receive());
        Assert.Equal('O', reader.Receive());
        var marshal = new PythonMarshalReader();
        marshal.Start(reader.Payload, 0, reader.PayloadLength);
        Message output = marshal.ReadMessage();
        Assert.Equal(Message.Array(Message.Array(Message.Integer(0), Message.Integer(long.MaxValue))), output.AsObject()["out"]);
        Assert.Equal('O', reader.Receive());
        Assert.Equal(PythonChannel.EndOfStream, reader.Receive());
    }
}

