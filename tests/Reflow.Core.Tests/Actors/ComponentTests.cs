using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Actors;

public sealed class ComponentTests
{
    [Fact]
    public void Attributes_describe_the_component_with_ports_in_declaration_order()
    {
        ComponentDescription d = Component.FromActor<AddActor>().Description;

        Assert.Equal("math/Add", d.Name);
        Assert.Equal("Adds two numbers.", d.Description);
        Assert.Equal(InputMode.AwaitAllInPorts, d.InputMode);
        Assert.Equal(["a", "b"], d.InPorts.Select(p => p.Name));
        Assert.Equal(["sum", "error"], d.OutPorts.Select(p => p.Name));
        Assert.Equal(new PortDefinition("a", PortType.Integer, "left", Required: true), d.InPorts[0]);
        Assert.Equal(Message.Integer(10), d.InPorts[1].Default);
        Assert.False(d.InPorts[1].Required);
        Assert.Equal(PortType.Error, d.OutPorts[1].Type);
        Assert.Equal(1, d.IndexOfInPort("b"));
        Assert.Equal(-1, d.IndexOfInPort("B")); // ordinal: port names are case-sensitive
        Assert.Equal(0, d.IndexOfOutPort("sum"));
        Assert.False(d.IsSource);
        Assert.False(d.MayBlock);
    }

    [Fact]
    public void Without_a_component_attribute_the_class_name_is_the_component_name()
    {
        Assert.Equal(nameof(CountingActor), Component.FromActor<CountingActor>().Description.Name);
        Assert.True(Component.FromActor<NumbersSource>().Description.IsSource);
    }

    [Fact]
    public void Every_node_gets_its_own_actor_and_state()
    {
        Component counting = Component.FromActor<CountingActor>();
        Actor first = counting.CreateActor();
        Actor second = counting.CreateActor();
        Assert.NotSame(first, second);

        var outputs = new[] { new RecordingOutput(), new RecordingOutput() };
        ActorContext[] contexts = [RecordingOutput.ContextFor(counting, outputs[0], "n1"), RecordingOutput.ContextFor(counting, outputs[1], "n2")];
        first.Receive(contexts[0]);
        first.Receive(contexts[0]);
        second.Receive(contexts[1]);

        Assert.Equal([Message.Integer(1), Message.Integer(2)], outputs[0].Emitted.Select(e => e.Message));
        Assert.Equal([Message.Integer(1)], outputs[1].Emitted.Select(e => e.Message));
    }

    [Fact]
    public void A_delegate_component_with_state_gets_fresh_state_per_node()
    {
        var description = new ComponentDescription("test/Sum", [new("in", PortType.Integer)], [new("total", PortType.Integer)]);
        Component sum = Component.FromFunc(description, () => new long[1], (context, total) =>
            context.Emit("total", Message.Integer(total[0] += context.Message.AsInteger())));

        var output = new RecordingOutput();
        ActorContext context = RecordingOutput.ContextFor(sum, output);
        Actor a = sum.CreateActor();
        Actor b = sum.CreateActor();
        context.SetCurrent(0, Message.Integer(5));
        a.Receive(context);
        a.Receive(context);
        b.Receive(context);

        Assert.Equal([Message.Integer(5), Message.Integer(10), Message.Integer(5)], output.Emitted.Select(e => e.Message));
    }

    [Fact]
    public void A_stateless_delegate_component_sees_the_current_input()
    {
        var description = new ComponentDescription("test/Echo", [new("in"), new("other")], [new("out")]);
        Component echo = Component.FromFunc(description, context => context.Emit("out", Message.String(context.InPortName)));
        var output = new RecordingOutput();
        ActorContext context = RecordingOutput.ContextFor(echo, output);

        context.SetCurrent(1, Message.Flow);
        echo.CreateActor().Receive(context);

        Assert.Equal((0, Message.String("other")), output.Emitted.Single());
    }

    [Fact]
    public void A_factory_that_returns_null_is_reported()
    {
        Component broken = Component.FromFactory(new ComponentDescription("test/Broken"), () => null!);
        var error = Assert.Throws<InvalidOperationException>(broken.CreateActor);
        Assert.Contains("test/Broken", error.Message);
    }

    [Theory]
    [InlineData(typeof(DuplicatePortActor), "in-port 'in' twice")]
    [InlineData(typeof(BadDefaultActor), "not valid JSON")]
    [InlineData(typeof(WrongDefaultTypeActor), "is String, but the port accepts Integer")]
    [InlineData(typeof(SourceWithInPort), "SourceActor but declares in-ports")]
    [InlineData(typeof(MaxIndexWithoutAddressableActor), "out-port 'out' has a maximum index but is not addressable")]
    [InlineData(typeof(MaxIndexPastTheLimitActor), "MaxIndex")]
    public void Invalid_declarations_are_reported_with_the_component_and_port(Type actorType, string expected)
    {
        var error = Assert.Throws<ComponentDefinitionException>(() => Component.Describe(actorType));
        Assert.Contains(expected, error.Message);
        Assert.Contains(actorType.Name, error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("in port")]
    [InlineData("in\tport")]
    public void Port_names_must_be_non_empty_without_whitespace(string name) =>
        Assert.Throws<ArgumentException>(() => new PortDefinition(name));

    [Fact]
    public void An_await_mode_needs_in_ports_and_the_required_mode_a_required_one()
    {
        Assert.Throws<ArgumentException>(() => new ComponentDescription("test/Join", outPorts: [new("out")], inputMode: InputMode.AwaitAllInPorts));
        var error = Assert.Throws<ArgumentException>(() => new ComponentDescription("test/Join", [new("a"), new("b")], inputMode: InputMode.AwaitRequiredInPorts));
        Assert.Contains("never fire", error.Message);
    }

    [Fact]
    public void Addressable_ports_and_their_maximum_index_come_from_the_attributes()
    {
        ComponentDescription description = Component.FromActor<ArrayPortActor>().Description;

        Assert.Equal((true, null, PortDefinition.MaxIndexLimit), (description.InPorts[0].Addressable, description.InPorts[0].MaxIndex, description.InPorts[0].HighestIndex));
        Assert.Equal((false, null, -1), (description.InPorts[1].Addressable, description.InPorts[1].MaxIndex, description.InPorts[1].HighestIndex));
        Assert.Equal((true, 3, 3), (description.OutPorts[0].Addressable, description.OutPorts[0].MaxIndex, description.OutPorts[0].HighestIndex));
        Assert.False(description.OutPorts[1].Addressable);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(PortDefinition.MaxIndexLimit + 1)]
    public void A_maximum_index_outside_the_limit_is_rejected(int maxIndex) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PortDefinition("out") { Addressable = true, MaxIndex = maxIndex });
}
