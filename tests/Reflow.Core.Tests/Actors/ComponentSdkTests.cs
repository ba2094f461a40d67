using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Actors;

/// <summary>The component SDK: descriptions read from attributes, components made by a factory with arguments.</summary>
public sealed class ComponentSdkTests
{
    /// <summary>A dependency an actor gets through its constructor.</summary>
    public sealed class Greeting(string salutation)
    {
        private int _uses;

        public int Uses => Volatile.Read(ref _uses);

        public string For(string name)
        {
            Interlocked.Increment(ref _uses);
            return $"{salutation}, {name}";
        }
    }

    [Component("test/Greet", Description = "Greets each name it gets.")]
    [InPort("name", PortType.String, Required = true)]
    [OutPort("greeting", PortType.String)]
    public sealed class GreetActor(Greeting greeting) : Actor
    {
        public override void Receive(ActorContext context) => context.Emit("greeting", Message.String(greeting.For(context.Message.AsString())));
    }

    [Fact]
    public void A_description_is_read_from_an_actor_class_s_attributes()
    {
        ComponentDescription description = ComponentDescription.FromType(typeof(GreetActor));

        Assert.Equal("test/Greet", description.Name);
        Assert.Equal("Greets each name it gets.", description.Description);
        PortDefinition name = Assert.Single(description.InPorts);
        Assert.Equal(("name", PortType.String, true), (name.Name, name.Type, name.Required));
        Assert.Equal("greeting", Assert.Single(description.OutPorts).Name);
        Assert.Equal(Shape(description), Shape(ComponentDescription.FromType<GreetActor>()));
    }

    private static string Shape(ComponentDescription d) =>
        $"{d.Name}|{d.Description}|{d.InputMode}|{string.Join(",", d.InPorts)}|{string.Join(",", d.OutPorts)}";

    [Fact]
    public void A_type_that_is_not_an_actor_has_no_description()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => ComponentDescription.FromType(typeof(string)));
        Assert.Contains("System.String is not an Actor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_factory_component_makes_a_fresh_actor_per_node_with_the_description_of_its_class()
    {
        var greeting = new Greeting("hello");
        int made = 0;
        Component component = Component.FromFactory(() =>
        {
            made++;
            return new GreetActor(greeting);
        });

        Assert.Equal(Shape(ComponentDescription.FromType<GreetActor>()), Shape(component.Description));
        Assert.NotSame(component.CreateActor(), component.CreateActor());
        Assert.Equal(2, made);
    }

    [Fact]
    public void A_factory_that_returns_null_is_reported_by_the_component_s_name() =>
        Assert.Contains(
            "component 'test/Greet' returned null",
            Assert.Throws<InvalidOperationException>(() => Component.FromFactory<GreetActor>(() => null!).CreateActor()).Message,
            StringComparison.Ordinal);
}
