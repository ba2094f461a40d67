using Reflow.Messages;

namespace Reflow.Testing.Tests;

/// <summary>The output assertions pass on the right sequence and fail, saying where and how, on any other.</summary>
public sealed class EmittedAssertionTests
{
    private static Task<TestRun> Repeat(params object?[] values) => ReflowTest.Component("core/Repeat").WithInput("in", values).RunAsync();

    [Fact]
    public async Task The_same_messages_in_the_same_order_pass()
    {
        TestRun run = await Repeat(1, "two", 3.5, true, null);

        run.Output("out").ShouldBe(1, "two", 3.5, true, null);
        Assert.Equal(["1", "\"two\"", "3.5", "true", "null"], run.Output("out").Json);
    }

    [Fact]
    public async Task A_different_value_fails_naming_its_position_and_both_sequences()
    {
        TestRun run = await Repeat(1, 2, 3);

        var failure = Assert.Throws<ReflowAssertionException>(() => run.Output("out").ShouldBe(1, 5, 3));

        Assert.Contains("Out-port 'out' differs at position 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("expected: [1, 5, 3]", failure.Message, StringComparison.Ordinal);
        Assert.Contains("actual:   [1, 2, 3]", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_order_fails_and_in_any_order_passes()
    {
        TestRun run = await Repeat(1, 2, 3);

        var failure = Assert.Throws<ReflowAssertionException>(() => run.Output("out").ShouldBe(2, 1, 3));

        Assert.Contains("differs at position 0", failure.Message, StringComparison.Ordinal);
        run.Output("out").ShouldBeInAnyOrder(3, 1, 2);
    }

    [Fact]
    public async Task A_missing_message_fails_with_both_counts()
    {
        TestRun run = await Repeat(1, 2);

        var failure = Assert.Throws<ReflowAssertionException>(() => run.Output("out").ShouldBe(1, 2, 3));

        Assert.Contains("expected 3 message(s), got 2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("(nothing)", failure.Message, StringComparison.Ordinal);
        var extra = Assert.Throws<ReflowAssertionException>(() => run.Output("out").ShouldBeInAnyOrder(2, 1, 1));
        Assert.Contains("missing: [1]", extra.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_integer_is_not_a_float_of_the_same_value_and_the_failure_shows_the_kinds()
    {
        TestRun run = await Repeat(1);

        var failure = Assert.Throws<ReflowAssertionException>(() => run.Output("out").ShouldBe(1.0));

        Assert.Contains("(Float)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("(Integer)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brackets_and_json_expectations()
    {
        Message value = MessageJson.Parse("""{"a":[1,2]}""");
        TestRun run = await ReflowTest.Component("core/Repeat").WithInput("in", Message.OpenBracket(), value, Message.CloseBracket()).RunAsync();

        run.Output("out").ShouldBe(Message.OpenBracket(), value, Message.CloseBracket());
        Assert.Equal(["(", """{"a":[1,2]}""", ")"], run.Output("out").Json);
        Assert.Throws<ReflowAssertionException>(() => run.Output("out").ShouldBeJson("""{"a":[1,2]}"""));
        Assert.Throws<ReflowAssertionException>(() => run.Output("out").ShouldBeEmpty());
    }

    [Fact]
    public async Task An_unknown_port_or_value_is_refused_with_what_there_is()
    {
        TestRun run = await Repeat(1);

        var port = Assert.Throws<ArgumentException>(() => run.Output("nope"));
        Assert.Contains("no exported out-port 'nope'; it has: out", port.Message, StringComparison.Ordinal);
        var value = Assert.Throws<ArgumentException>(() => run.Output("out").ShouldBe(DateTime.UnixEpoch));
        Assert.Contains("Cannot use a DateTime as an expected message", value.Message, StringComparison.Ordinal);
    }
}
