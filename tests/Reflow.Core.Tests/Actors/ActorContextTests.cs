using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Actors;

public sealed class ActorContextTests
{
    private readonly RecordingOutput _output = new();
    private readonly ActorContext _context;

    public ActorContextTests() => _context = RecordingOutput.ContextFor(Component.FromActor<AddActor>(), _output, "adder");

    [Fact]
    public void Out_ports_resolve_once_to_handles_that_emit_by_index()
    {
        OutPort error = _context.OutPort("error");
        Assert.Equal(1, error.Index);

        _context.Emit(error, Message.Error("boom"));
        _context.Emit("sum", Message.Integer(3));

        Assert.Equal([(1, Message.Error("boom")), (0, Message.Integer(3))], _output.Emitted);
    }

    [Fact]
    public void An_unknown_out_port_names_the_node_and_the_ports_it_has()
    {
        var error = Assert.Throws<ArgumentException>(() => _context.OutPort("total"));
        Assert.Contains("'total'", error.Message);
        Assert.Contains("node 'adder'", error.Message);
        Assert.Contains("sum, error", error.Message);
        Assert.Throws<ArgumentException>(() => _context.Emit("total", Message.Flow));
        Assert.Empty(_output.Emitted);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void A_handle_of_another_component_is_rejected(int index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _context.Emit(new OutPort(index), Message.Flow));
        Assert.Empty(_output.Emitted);
    }

    [Fact]
    public void The_current_input_names_its_port()
    {
        _context.SetCurrent(1, Message.Integer(7));
        Assert.Equal(1, _context.InPortIndex);
        Assert.Equal("b", _context.InPortName);
        Assert.Equal(Message.Integer(7), _context.Message);
    }

    [Fact]
    public void The_await_modes_see_the_input_set()
    {
        Assert.False(_context.TryGetInput("a", out _));
        _context.SetInput(0, Message.Integer(1), present: true);
        _context.SetInput(1, Message.Integer(2), present: true);

        var adder = new AddActor();
        adder.OnStart(_context);
        adder.Receive(_context);
        Assert.Equal((0, Message.Integer(3)), _output.Emitted.Single());

        _context.SetInput(0, default, present: false);
        Assert.False(_context.TryGetInput(0, out _));
        Assert.True(_context.TryGetInput(1, out Message b));
        Assert.Equal(Message.Integer(2), b);
        Assert.False(_context.TryGetInput(5, out _));
        Assert.False(_context.TryGetInput("missing", out _));
    }

    [Fact]
    public void A_source_produces_until_done_and_cannot_receive()
    {
        Component numbers = Component.FromActor<NumbersSource>();
        var output = new RecordingOutput();
        ActorContext context = RecordingOutput.ContextFor(numbers, output);
        var source = (SourceActor)numbers.CreateActor();

        var statuses = new List<SourceStatus>();
        do
        {
            statuses.Add(source.Produce(context));
        }
        while (statuses[^1] == SourceStatus.More);

        Assert.Equal([SourceStatus.More, SourceStatus.More, SourceStatus.Done], statuses);
        Assert.Equal([Message.Integer(0), Message.Integer(1), Message.Integer(2)], output.Emitted.Select(e => e.Message));
        var error = Assert.Throws<InvalidOperationException>(() => source.Receive(context));
        Assert.Contains("is a source", error.Message);
    }

    [Fact]
    public void An_addressable_port_is_emitted_to_by_index_within_its_maximum()
    {
        var output = new RecordingOutput { Width = 2 };
        ActorContext context = RecordingOutput.ContextFor(Component.FromActor<ArrayPortActor>(), output, "array");
        OutPort port = context.OutPort("out");

        context.Emit(port, 3, Message.Integer(1));
        context.Emit(port, Message.Integer(2));

        Assert.Equal([(0, 3, Message.Integer(1))], output.EmittedToElements);
        Assert.Equal([(0, Message.Integer(2))], output.Emitted);
        Assert.Equal(2, context.OutPortWidth(port));
        var past = Assert.Throws<ArgumentOutOfRangeException>(() => context.Emit(port, 4, Message.Flow));
        Assert.Contains("takes indexes 0 to 3", past.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => context.Emit(port, -1, Message.Flow));
        var plain = Assert.Throws<ArgumentException>(() => context.Emit(context.OutPort("log"), 0, Message.Flow));
        Assert.Contains("'log'", plain.Message);
        Assert.Contains("not addressable", plain.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => context.OutPortWidth(new OutPort(2)));
        Assert.Single(output.EmittedToElements);
    }

    [Fact]
    public void The_current_input_names_the_index_it_came_in_on()
    {
        _context.SetCurrent(0, 2, Message.Integer(7));
        Assert.Equal(2, _context.InPortElement);

        _context.SetCurrent(1, Message.Integer(8));
        Assert.Equal(-1, _context.InPortElement);
    }
}
