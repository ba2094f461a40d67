using Reflow.Messages;

namespace Reflow.Scripting.Tests.JavaScript;

/// <summary>Messages cross into JavaScript and back without JSON: every kind, what scripts see of it, and values with no message form.</summary>
public sealed class JavaScriptMessageTests
{
    private const string Identity = """
        export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }, { name: 'seen', type: 'string' }] };
        const kind = (v) => v === null ? 'null' : v instanceof Uint8Array ? 'Uint8Array' : v instanceof Error ? 'Error'
          : Array.isArray(v) ? 'array' : typeof v;
        export function process(inputs, context) {
          context.send('seen', kind(inputs.in));
          context.send('out', inputs.in);
        }
        """;

    public static TheoryData<string, string> Kinds() => new()
    {
        { "null", "null" },
        { "true", "boolean" },
        { "42", "number" },
        { "-9007199254740991", "number" },
        { "9223372036854775807", "bigint" },
        { "2.5", "number" },
        { "\"text ✓\"", "string" },
        { "[1, \"two\", [3.5, null], {\"four\": false}]", "array" },
        { "{\"b\": 1, \"a\": {\"nested\": [true]}, \"empty\": {}}", "object" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_message_round_trips_through_an_identity_script(string json, string seen)
    {
        Message message = MessageJson.Parse(json);
        (List<Message> output, List<Message> kinds) = await RunIdentity(message);

        Assert.Equal(message, Assert.Single(output));
        Assert.Equal(seen, Assert.Single(kinds).AsString());
    }

    [Fact]
    public async Task Bytes_errors_and_flow_round_trip_and_scripts_see_them_as_Uint8Array_Error_and_undefined()
    {
        Message[] messages = [Message.Bytes([0, 1, 254, 255]), Message.Error("it broke"), Message.Flow];
        (List<Message> output, List<Message> kinds) = await RunIdentity(messages);

        Assert.Equal(messages, output);
        Assert.Equal(["Uint8Array", "Error", "undefined"], kinds.Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_whole_float_comes_back_as_an_integer_and_a_negative_zero_as_a_float()
    {
        (List<Message> output, _) = await RunIdentity(Message.Float(2.0), Message.Float(-0.0), Message.Float(1e300));

        Assert.Equal([Message.Integer(2), Message.Float(-0.0), Message.Float(1e300)], output);
    }

    [Fact]
    public async Task Script_made_values_convert_dates_typed_buffers_bigints_and_skip_undefined_properties()
    {
        using var graph = new JsGraph();
        graph.Write("make.js", """
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process() {
              return { out: {
                date: new Date(Date.UTC(2024, 1, 29, 12, 30, 0)),
                bytes: new TextEncoderLike().encode('hi'),
                buffer: new Uint8Array([7, 8]).buffer,
                big: 2n ** 40n,
                skipped: undefined,
                hole: [1, , 3],
              } };
            }
            class TextEncoderLike { encode(text) { return Uint8Array.from(text, (c) => c.charCodeAt(0)); } }
            """);
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./make.js", null, ["out"]), [("in", [Message.Null])]);

        MessageObject result = Assert.Single(run["out"]).AsObject();
        Assert.Equal(["date", "bytes", "buffer", "big", "hole"], result.Keys.ToArray());
        Assert.Equal("2024-02-29T12:30:00.000Z", result["date"].AsString());
        Assert.Equal("hi"u8.ToArray(), result["bytes"].AsBytes().ToArray());
        Assert.Equal(new byte[] { 7, 8 }, result["buffer"].AsBytes().ToArray());
        Assert.Equal(1L << 40, result["big"].AsInteger());
        Assert.Equal(Message.Array(Message.Integer(1), Message.Null, Message.Integer(3)), result["hole"]);
    }

    [Theory]
    [InlineData("() => 1", "a function has no message form")]
    [InlineData("{ deep: { f() {} } }", "(at deep.f): a function has no message form")]
    [InlineData("{ a: [1, { b: [0, Symbol('s')] }] }", "(at a[1].b[1]): a symbol has no message form")]
    [InlineData("[0, [1, () => 1]]", "(at [1][1]): a function has no message form")]
    [InlineData("Symbol('s')", "a symbol has no message form")]
    [InlineData("new Map()", "a Map has no message form")]
    [InlineData("new Float32Array(2)", "only Uint8Array is sent as bytes")]
    [InlineData("2n ** 70n", "does not fit a 64-bit integer")]
    [InlineData("(() => { const o = {}; o.self = o; return o; })()", "nested deeper than 256 levels")]
    public async Task A_value_with_no_message_form_fails_the_node_and_says_why(string value, string expected)
    {
        using var graph = new JsGraph();
        graph.Write("bad.js", $$"""
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process() { return { out: {{value}} }; }
            """);
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./bad.js", null, ["out"]), [("in", [Message.Null])]);

        string failure = Assert.Single(run.Result.Failures).Message;
        Assert.Contains("cannot send the value for out-port 'out'", failure);
        Assert.Contains(expected, failure);
        Assert.Empty(run["out"]);
    }

    [Fact]
    public async Task A_getter_that_sends_while_its_object_converts_leaves_the_outer_error_path_whole()
    {
        using var graph = new JsGraph();
        graph.Write("getter.js", """
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process(inputs, context) {
              return { out: { a: { get b() { context.send('out', { x: [1, 2] }); return Symbol('s'); } } } };
            }
            """);
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./getter.js", null, ["out"]), [("in", [Message.Null])]);

        Message sent = Assert.Single(run["out"]);
        Assert.Equal(2, sent.AsObject()["x"].AsArray().Length);
        string failure = Assert.Single(run.Result.Failures).Message;
        Assert.Contains("cannot send the value for out-port 'out' (at a.b): a symbol has no message form", failure);
    }

    private static async Task<(List<Message> Output, List<Message> Kinds)> RunIdentity(params Message[] messages)
    {
        using var graph = new JsGraph();
        graph.Write("identity.js", Identity);
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./identity.js", null, ["out", "seen"]), [("in", messages)]);
        Assert.Equal(0, run.Result.FailureCount);
        return ([.. run["out"]], [.. run["seen"]]);
    }
}
