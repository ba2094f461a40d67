using Company.Components;
using Reflow.Actors;
using Reflow.Testing;

namespace Company.Components.Tests;

/// <summary>
/// Runs <see cref="Greeter"/> through the Reflow test kit: names go in on its in-port, the greetings that come out are
/// compared in order (a difference throws ReflowAssertionException with a position-by-position diff).
/// </summary>
public sealed class GreeterTests
{
    [Fact]
    public async Task Greets_every_name_in_order()
    {
        TestRun run = await ReflowTest.Component<Greeter>()
            .WithInput("in", "Ada", "Grace", "Barbara")
            .RunAsync();

        run.Output("out").ShouldBe("Hello, Ada!", "Hello, Grace!", "Hello, Barbara!");
        run.ShouldHaveNoFailures().ShouldLoseNothing();
    }

    [Fact]
    public void Describes_its_ports()
    {
        ComponentDescription description = Component.FromActor<Greeter>().Description;

        Assert.Equal("Company.Components/Greeter", description.Name);
        Assert.Equal("in", Assert.Single(description.InPorts).Name);
        Assert.Equal("out", Assert.Single(description.OutPorts).Name);
    }
}
