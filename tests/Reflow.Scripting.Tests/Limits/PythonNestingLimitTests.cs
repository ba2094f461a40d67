using Reflow.Actors;
using Reflow.Messages;
using Reflow.Scripting.Python;
using Reflow.Scripting.Tests.JavaScript;
using Reflow.Scripting.Tests.Python;

namespace Reflow.Scripting.Tests.Limits;

/// <summary>
/// Nesting across the Python channel (PythonMarshal.MaxDepth: 256 lists, tuples and dicts, as Message.MaxDepth; not
/// configurable): the host's marshal writer and reader take 256 levels and refuse 257 with an InvalidDataException
/// naming the limit, and a Python node whose result nests deeper fails that message, naming the limit.
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class PythonNestingLimitTests
{
    private const int Limit = 256;

    /// <summary><paramref name="depth"/> arrays and objects, alternating, around an integer.</summary>
    private static Message Nested(int depth)
    {
        Message value = Message.Integer(7);
        for (int i = 0; i < depth; i++)
        {
            value = i % 2 == 0 ? Message.Array(value) : Message.Object(new KeyValuePair<string, Message>("k", value));
        }

        return value;
    }

    /// <summary>Marshal data of <paramref name="depth"/> one-element lists around an int, written without the writer's own check.</summary>
    private static byte[] NestedLists(int depth)
    {
        using var writer = new PythonMarshalWriter(16);
        for (int i = 0; i < depth; i++)
        {
            writer.WriteSequenceHeader(PythonMarshal.List, 1);
        }

        writer.WriteInt(7);
        return writer.Written.ToArray();
    }

    private static Message Read(byte[] data)
    {
        var reader = new PythonMarshalReader();
        reader.Start(data, 0, data.Length);
        Message message = reader.ReadMessage();
        Assert.True(reader.AtEnd);
        return message;
    }

    private static byte[] Write(Message message)
    {
        using var writer = new PythonMarshalWriter(16);
        writer.WriteMessage(message);
        return writer.Written.ToArray();
    }

    private static int Depth(Message message) => message.Kind switch
    {
        MessageKind.Array => 1 + message.AsArray().Max(Depth),
        MessageKind.Object => 1 + message.AsObject().Values.Max(Depth),
        _ => 0,
    };

    [Fact]
    public void The_writer_takes_256_levels_and_refuses_257_naming_the_limit()
    {
        Assert.Equal(Limit, PythonMarshal.MaxDepth);
        Message atLimit = Nested(Limit);

        Assert.Equal(atLimit, Read(Write(atLimit)));
        var error = Assert.Throws<InvalidDataException>(() => Write(Nested(Limit + 1)));
        Assert.Equal("A message nests deeper than 256 arrays and objects, which the Python channel does not carry.", error.Message);
    }

    [Fact]
    public void The_reader_takes_256_levels_and_refuses_257_saying_where()
    {
        Assert.Equal(Limit, Depth(Read(NestedLists(Limit))));

        var error = Assert.Throws<InvalidDataException>(() => Read(NestedLists(Limit + 1)));
        // The 257th list starts at byte 256 × 5 (a list header is its code and a 4-byte count).
        Assert.StartsWith($"Python marshal at byte {Limit * 5} ($[0][0][0]", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("]): values nest deeper than 256 tuples, lists and dicts.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Limit, true)]
    [InlineData(Limit + 1, false)]
    public void What_python_itself_writes_is_read_to_256_levels(int depth, bool taken)
    {
        byte[] data = PythonProcess.Run($"import sys, marshal\nv = 7\nfor _ in range({depth}): v = [v]\nsys.stdout.buffer.write(marshal.dumps(v, 2))", []);

        if (taken)
        {
            Assert.Equal(depth, Depth(Read(data)));
        }
        else
        {
            Assert.Contains("values nest deeper than 256", Assert.Throws<InvalidDataException>(() => Read(data)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_python_node_returns_256_levels_and_a_result_of_257_fails_that_message_naming_the_limit()
    {
        using JsGraph graph = PythonGraphs.Create();
        graph.Write("script.py", """
            __actor_metadata__ = {"inports": ["in"], "outports": ["out"], "max_batch": 1}

            def process(inputs, context):
                value = 7
                for _ in range(inputs["in"]):
                    value = [value]
                return value
            """);

        JsRun run = await graph.RunAsync(PythonGraphs.ScriptBesideNative(),
            [("in", [Message.Integer(Limit), Message.Integer(Limit + 1), Message.Integer(3)]), ("nums", [Message.Integer(1)])]);

        Assert.Equal([Limit, 3], run["out"].Select(Depth));
        NetworkEvent failed = Assert.Single(run.Events, e => e.Kind == NetworkEventKind.ActorFailed);
        Assert.Equal("py", failed.NodeId);
        Assert.Contains("deeper than 256", failed.Exception?.Message, StringComparison.Ordinal);
        Assert.Empty(PythonGraphs.WorkersIn(graph.Directory));
    }
}
