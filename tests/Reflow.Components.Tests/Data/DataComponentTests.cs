using Reflow.Messages;
using static Reflow.Components.Tests.Values;

namespace Reflow.Components.Tests.Data;

public sealed class DataComponentTests
{
    [Theory]
    [InlineData("integer", "\" 42 \"", "42")]
    [InlineData("integer", "3.0", "3")]
    [InlineData("integer", "true", "1")]
    [InlineData("float", "7", "7.0")]
    [InlineData("float", "\"1e3\"", "1000.0")]
    [InlineData("string", "{\"a\":1}", "\"{\\\"a\\\":1}\"")]
    [InlineData("string", "\"same\"", "\"same\"")]
    [InlineData("boolean", "\"TRUE\"", "true")]
    [InlineData("boolean", "0", "false")]
    [InlineData("json", "\"[1,{\\\"b\\\":null}]\"", "[1,{\"b\":null}]")]
    [InlineData("bytes", "\"hi\"", "\"aGk=\"")]
    public async Task Convert_converts_losslessly(string to, string value, string expected)
    {
        ComponentRun run = await ComponentRun.RunAsync("data/Convert", $$"""{"to":"{{to}}"}""", ("in", [Msg(value)]));

        Assert.Equal([expected], ToJson(run["out"]));
        Assert.Empty(run.Errors);
    }

    [Theory]
    [InlineData("integer", "2.5", "Float 2.5 cannot be converted to integer")]
    [InlineData("integer", "\"12abc\"", "cannot be converted to integer")]
    [InlineData("integer", "1e30", "cannot be converted to integer")]
    [InlineData("boolean", "2", "Integer 2 cannot be converted to boolean")]
    [InlineData("float", "null", "Null cannot be converted to float")]
    [InlineData("json", "\"{nope\"", "not valid JSON")]
    [InlineData("json", "5", "only a String or Bytes can be parsed as JSON")]
    public async Task Convert_refuses_what_would_lose_or_invent_information(string to, string value, string problem)
    {
        ComponentRun run = await ComponentRun.RunAsync("data/Convert", $$"""{"to":"{{to}}"}""", ("in", [Msg(value)]));

        Assert.Empty(run["out"]);
        Assert.Contains(problem, Assert.Single(run.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_needs_a_known_target()
    {
        ComponentRun run = await ComponentRun.RunAsync("data/Convert", """{"to":"date"}""", ("in", Integers(1)));

        Assert.Contains("/to: Value should match one of the values specified by the enum", run.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonParse_and_JsonStringify_round_trip_and_report_bad_JSON()
    {
        ComponentRun parse = await ComponentRun.RunAsync("data/JsonParse", null, ("in", [Msg("\"{\\\"a\\\":[1,2.5,\\\"x\\\"]}\""), Message.Bytes("[true]"u8), Msg("\"[1,\"")]));
        Assert.Equal(["{\"a\":[1,2.5,\"x\"]}", "[true]"], ToJson(parse["out"]));
        Assert.Contains("not valid JSON", Assert.Single(parse.Errors), StringComparison.Ordinal);

        ComponentRun stringify = await ComponentRun.RunAsync("data/JsonStringify", null, ("in", [Msg("{\"a\":[1,2.5]}"), Message.Flow, Message.Error("e")]));
        Assert.Equal(["{\"a\":[1,2.5]}", "null", "{\"error\":\"e\"}"], stringify["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task Map_reduce_group_and_sort_arrays()
    {
        Message orders = Msg("""[{"c":"fr","n":3},{"c":"de","n":1},{"c":"fr","n":2}]""");

        ComponentRun map = await ComponentRun.RunAsync("data/Map", """{"expression":"value.n * 10 + index"}""", ("in", [orders, Msg("[]")]));
        Assert.Equal(["[30,11,22]", "[]"], ToJson(map["out"]));

        ComponentRun reduce = await ComponentRun.RunAsync("data/Reduce", """{"expression":"acc + value.n"}""", ("in", [orders, Msg("[]")]));
        Assert.Equal(["6", "0"], ToJson(reduce["out"]));

        ComponentRun join = await ComponentRun.RunAsync("data/Reduce", """{"expression":"acc + str(value)","initial":""}""", ("in", [Msg("[1,\"a\",null]")]));
        Assert.Equal("\"1anull\"", MessageJson.ToJson(join["out"][0]));

        ComponentRun group = await ComponentRun.RunAsync("data/GroupBy", """{"key":"value.c"}""", ("in", [orders]));
        Assert.Equal("""{"fr":[{"c":"fr","n":3},{"c":"fr","n":2}],"de":[{"c":"de","n":1}]}""", MessageJson.ToJson(group["out"][0]));

        ComponentRun sort = await ComponentRun.RunAsync("data/Sort", """{"key":"value.c","order":"desc"}""", ("in", [orders]));
        Assert.Equal("""[{"c":"fr","n":3},{"c":"fr","n":2},{"c":"de","n":1}]""", MessageJson.ToJson(sort["out"][0])); // stable among equal keys

        ComponentRun numbers = await ComponentRun.RunAsync("data/Sort", null, ("in", [Msg("[3,1.5,-2,10]")]));
        Assert.Equal("[-2,1.5,3,10]", MessageJson.ToJson(numbers["out"][0]));
    }

    [Fact]
    public async Task Array_components_report_non_arrays_failing_elements_and_unorderable_keys()
    {
        ComponentRun map = await ComponentRun.RunAsync("data/Map", """{"expression":"value * 2"}""", ("in", [Msg("{}"), Msg("[1,\"x\",3]")]));
        Assert.Empty(map["out"]);
        Assert.Equal(2, map.Errors.Count);
        Assert.Contains("expects an Array, got Object {}", map.Errors[0], StringComparison.Ordinal);
        Assert.Contains("for element 1 (String \"x\")", map.Errors[1], StringComparison.Ordinal);

        ComponentRun sort = await ComponentRun.RunAsync("data/Sort", null, ("in", [Msg("[1,\"a\"]"), Msg("[null]")]));
        Assert.Contains("cannot be ordered together", sort.Errors[0], StringComparison.Ordinal);
        Assert.Equal(["[null]"], ToJson(sort["out"])); // a single element needs no order

        ComponentRun group = await ComponentRun.RunAsync("data/GroupBy", """{"key":"value"}""", ("in", [Msg("[[1]]")]));
        Assert.Contains("a key must be a String, number, Boolean or null", Assert.Single(group.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transform_applies_each_operation_to_the_result_of_the_one_before()
    {
        const string Config = """
            {"operations":[
              {"op":"set","path":"total","expression":"value.price * value.qty"},
              {"op":"rename","path":"name","to":"item.title"},
              {"op":"convert","path":"qty","to":"string"},
              {"op":"template","path":"line","template":"{value.qty} x {upper(value.item.title)} = {value.total} {{EUR}}"},
              {"op":"remove","path":"price"}
            ]}
            """;

        ComponentRun run = await ComponentRun.RunAsync("data/Transform", Config, ("in", [Msg("""{"name":"tea","price":2.5,"qty":4}""")]));

        Assert.Equal("""{"qty":"4","total":10.0,"item":{"title":"tea"},"line":"4 x TEA = 10.0 {EUR}"}""", MessageJson.ToJson(Assert.Single(run["out"])));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task Transform_get_picks_a_field_and_failures_name_the_operation()
    {
        ComponentRun run = await ComponentRun.RunAsync("data/Transform", """{"operations":[{"op":"get","path":"a.0"},{"op":"convert","path":"","to":"integer"}]}""",
            ("in", [Msg("""{"a":["7"]}"""), Msg("""{"a":[]}"""), Msg("""{"a":["x"]}""")]));

        Assert.Equal(["7"], ToJson(run["out"]));
        Assert.Equal(2, run.Errors.Count);
        Assert.Contains("operation 0 (get 'a.0')", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("operation 1 (convert '')", run.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transform_refuses_malformed_operations_at_start_listing_all()
    {
        ComponentRun run = await ComponentRun.RunAsync("data/Transform", """{"operations":[{"op":"explode"},{"op":"set","path":"a","expression":"value +"},{"op":"template","template":"{oops"}]}""", ("in", Integers(1)));

        string error = run.Errors[0];
        Assert.Contains("operation 0", error, StringComparison.Ordinal);
        Assert.Contains("operation 1: the expression 'value +' does not parse", error, StringComparison.Ordinal);
        Assert.Contains("operation 2: the template \"{oops\" has a '{' at 0 that is never closed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_routes_by_a_JSON_Schema_with_the_reasons()
    {
        const string Config = """{"schema":{"type":"object","properties":{"age":{"type":"integer","minimum":0}},"required":["age"]}}""";

        ComponentRun run = await ComponentRun.RunAsync("data/Validate", Config, ("in", [Msg("""{"age":3}"""), Msg("""{"age":-1}"""), Msg("[]")]));

        Assert.Equal(["""{"age":3}"""], ToJson(run["valid"]));
        Assert.Equal(2, run["invalid"].Count);
        MessageObject first = run["invalid"][0].AsObject();
        Assert.Equal(Msg("""{"age":-1}"""), first["value"]);
        Assert.Contains(first["errors"].AsArray(), e => e.AsString().StartsWith("/age:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_refuses_a_schema_that_is_not_one()
    {
        ComponentRun run = await ComponentRun.RunAsync("data/Validate", """{"schema":{"type":"no-such-type"}}""", ("in", Integers(1)));

        Assert.Equal(1, run.Node.Errors);
        Assert.Contains("is not a valid JSON Schema", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("the node is not configured", run.Errors[1], StringComparison.Ordinal);
        Assert.Empty(run["valid"]);
    }
}
