using Reflow.Actors;
using Reflow.Messages;
using Reflow.Testing;

namespace Reflow.Testing.Tests;

// README: begin
[Component("my/Shout")]
[InPort("in", PortType.String)]
[OutPort("out", PortType.String)]
public sealed class Shout : Actor
{
    public override void Receive(ActorContext context) =>
        context.Emit("out", Message.String(context.Message.AsString().ToUpperInvariant() + "!"));
}

public sealed class ShoutTests
{
    [Fact]
    public async Task Shout_upper_cases_each_message_in_order()
    {
        TestRun run = await ReflowTest.Component<Shout>()
            .WithInput("in", "hello", "world")
            .RunAsync();

        run.Output("out").ShouldBe("HELLO!", "WORLD!");
        run.ShouldHaveNoFailures().ShouldLoseNothing();
    }
}
// README: end
